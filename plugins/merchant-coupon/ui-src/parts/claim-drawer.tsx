import { useEffect, useState } from 'react';
import { Alert, Descriptions, Drawer, Table, Tag } from 'antd';
import type { BundleListPage } from '@lingshou/plugin-sdk/bundle-api';
import { chinaTime, problemOf, type ClaimEntry, type Coupon, type PluginApi } from './api.ts';
import { CodeUpload } from './code-upload.tsx';
import { CLAIM_STATES, CODE_MODES, SCENES, STATES } from './labels.ts';

const PAGE = 10;

/**
 * A coupon's detail with its claim and redemption log, a page at a time with the count of every
 * claim, and for code mode upload the panel that uploads its codes.
 */
export function ClaimDrawer({ api, coupon, onClose }: { api: PluginApi; coupon: Coupon; onClose: () => void }) {
  const [page, setPage] = useState(1);
  const [claims, setClaims] = useState<BundleListPage<ClaimEntry> | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setClaims(null);
    api.list<ClaimEntry>(`/coupons/${coupon.id}/claims`, { _sort: 'createdAt', _order: 'desc', _start: (page - 1) * PAGE, _end: page * PAGE })
      .then((answer) => { if (current) setClaims(answer); }, (failure: unknown) => { if (current) setError(problemOf(failure).message); });
    return () => { current = false; };
  }, [api, coupon.id, page]);

  return (
    <Drawer open width={880} title={`${coupon.name} · 领取与核销记录`} onClose={onClose} data-testid="claim-drawer">
      <Descriptions size="small" column={3} style={{ marginBottom: 16 }}>
        <Descriptions.Item label="规则">{coupon.ruleText}</Descriptions.Item>
        <Descriptions.Item label="场景">{SCENES[coupon.scene]}</Descriptions.Item>
        <Descriptions.Item label="状态"><Tag color={STATES[coupon.state].color}>{STATES[coupon.state].text}</Tag></Descriptions.Item>
        <Descriptions.Item label="已领取">{coupon.claimedCount}</Descriptions.Item>
        <Descriptions.Item label="已核销">{coupon.usedCount}</Descriptions.Item>
        <Descriptions.Item label="剩余库存">{coupon.budgetLeft}</Descriptions.Item>
        <Descriptions.Item label="微信批次号">{coupon.stockId ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="券码">{CODE_MODES[coupon.codeMode]}</Descriptions.Item>
      </Descriptions>
      {coupon.codeMode === 'upload' ? <CodeUpload api={api} coupon={coupon} /> : null}
      {error ? <Alert type="error" message={error} /> : null}
      <Table<ClaimEntry> rowKey="id" size="small" loading={claims === null} dataSource={claims?.items ?? []}
        pagination={{ current: page, pageSize: PAGE, total: claims?.total ?? 0, showSizeChanger: false, showTotal: (total) => `共 ${total} 条`, onChange: setPage }}
        locale={{ emptyText: '暂无领取' }}
        columns={[
          { title: '顾客', key: 'customer', render: (_v, row) => [row.customerName, row.customerPhone].filter(Boolean).join(' ') || '—' },
          { title: '券码', dataIndex: 'code', render: (code: string | null) => code ?? '—' },
          { title: '状态', dataIndex: 'state', render: (state: string) => CLAIM_STATES[state] ?? state },
          { title: '领取时间', dataIndex: 'claimedAt', render: chinaTime },
          { title: '核销时间', dataIndex: 'usedAt', render: chinaTime },
          { title: '订单号', dataIndex: 'orderNumber', render: (n: string | null) => n ?? '—' },
        ]} />
    </Drawer>
  );
}
