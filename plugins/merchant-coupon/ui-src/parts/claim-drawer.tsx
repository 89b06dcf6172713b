import { useEffect, useState } from 'react';
import { Alert, Button, Descriptions, Drawer, Space, Table, Tag } from 'antd';
import { chinaTime, problemOf, type ClaimEntry, type Coupon, type PluginApi } from './api.ts';
import { CodeUpload } from './code-upload.tsx';
import { CLAIM_STATES, CODE_MODES, SCENES, STATES } from './labels.ts';

const PAGE = 10;

/**
 * A coupon's detail with its claim and redemption log, a page at a time, and for code mode upload
 * the panel that uploads its codes. The bundle's API gives bodies, not headers, so a page asks for
 * one row more than it shows to know whether another follows.
 */
export function ClaimDrawer({ api, coupon, onClose }: { api: PluginApi; coupon: Coupon; onClose: () => void }) {
  const [page, setPage] = useState(0);
  const [rows, setRows] = useState<ClaimEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setRows(null);
    api.get<ClaimEntry[]>(`/coupons/${coupon.id}/claims?_sort=createdAt&_order=desc&_start=${page * PAGE}&_end=${(page + 1) * PAGE + 1}`)
      .then((answer) => { if (current) setRows(answer); }, (failure: unknown) => { if (current) setError(problemOf(failure).message); });
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
      <Table<ClaimEntry> rowKey="id" size="small" loading={rows === null} pagination={false} dataSource={(rows ?? []).slice(0, PAGE)}
        locale={{ emptyText: '暂无领取' }}
        columns={[
          { title: '顾客', key: 'customer', render: (_v, row) => (row.customerName ? `${row.customerName}${row.customerPhone ? ` ${row.customerPhone}` : ''}` : '—') },
          { title: '券码', dataIndex: 'code', render: (code: string | null) => code ?? '—' },
          { title: '状态', dataIndex: 'state', render: (state: string) => CLAIM_STATES[state] ?? state },
          { title: '领取时间', dataIndex: 'claimedAt', render: chinaTime },
          { title: '核销时间', dataIndex: 'usedAt', render: chinaTime },
          { title: '订单号', dataIndex: 'orderNumber', render: (n: string | null) => n ?? '—' },
        ]} />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={page === 0} onClick={() => setPage(page - 1)}>上一页</Button>
        <span>第 {page + 1} 页</span>
        <Button disabled={(rows?.length ?? 0) <= PAGE} onClick={() => setPage(page + 1)}>下一页</Button>
      </Space>
    </Drawer>
  );
}
