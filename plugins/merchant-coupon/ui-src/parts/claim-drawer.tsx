import { useEffect, useState } from 'react';
import { Alert, Button, Descriptions, Drawer, Form, Input, Modal, Table, Tag, message } from 'antd';
import type { BundleListPage } from '@lingshou/plugin-sdk/bundle-api';
import { chinaTime, problemOf, type ClaimEntry, type Coupon, type PluginApi } from './api.ts';
import { CodeUpload } from './code-upload.tsx';
import { CLAIM_STATES, CODE_MODES, SCENES, STATES } from './labels.ts';

const PAGE = 10;

/**
 * 作废 one coupon a customer holds: the reason goes to WeChat (20 characters at most, as the API
 * takes), and the server's refusal shows on the field it names.
 */
function VoidDialog({ api, couponId, claim, onDone, onCancel }: {
  api: PluginApi; couponId: string; claim: ClaimEntry; onDone: () => void; onCancel: () => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);
  const submit = async ({ reason }: { reason: string }) => {
    setSaving(true);
    try {
      await api.post(`/coupons/${couponId}/claims/${claim.id}/deactivate`, { reason });
      void message.success('已作废，顾客不能再使用这张券');
      onDone();
    } catch (failure) {
      const problem = problemOf(failure);
      form.setFields([{ name: 'reason', errors: [problem.message] }]);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={`作废券码 ${claim.code ?? ''}`} okText="作废" okButtonProps={{ danger: true, loading: saving }} onOk={() => form.submit()} onCancel={onCancel}>
      <p>作废后顾客的微信卡包与商城里这张券都不能再使用，且不可恢复；已占用的库存不退回。</p>
      <Form form={form} layout="vertical" onFinish={(values) => void submit(values)}>
        <Form.Item name="reason" label="作废原因" rules={[{ required: true, message: '请填写作废原因' }, { max: 20, message: '最多 20 个字' }]}>
          <Input maxLength={20} showCount placeholder="如：发券错误" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * A coupon's detail with its claim and redemption log, a page at a time with the count of every
 * claim, and for code mode upload the panel that uploads its codes.
 */
export function ClaimDrawer({ api, coupon, onClose }: { api: PluginApi; coupon: Coupon; onClose: () => void }) {
  const [page, setPage] = useState(1);
  const [claims, setClaims] = useState<BundleListPage<ClaimEntry> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [voiding, setVoiding] = useState<ClaimEntry | null>(null);
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    let current = true;
    setClaims(null);
    api.list<ClaimEntry>(`/coupons/${coupon.id}/claims`, { _sort: 'createdAt', _order: 'desc', _start: (page - 1) * PAGE, _end: page * PAGE })
      .then((answer) => { if (current) setClaims(answer); }, (failure: unknown) => { if (current) setError(problemOf(failure).message); });
    return () => { current = false; };
  }, [api, coupon.id, page, reloads]);

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
          {
            title: '操作', key: 'actions', render: (_v, row) => (row.state === 'available'
              ? <Button type="link" size="small" danger onClick={() => setVoiding(row)}>作废</Button>
              : row.state === 'deactivated' ? <span title={chinaTime(row.deactivatedAt)}>{row.deactivateReason}</span> : null),
          },
        ]} />
      {voiding ? (
        <VoidDialog api={api} couponId={coupon.id} claim={voiding} onCancel={() => setVoiding(null)}
          onDone={() => { setVoiding(null); setReloads((n) => n + 1); }} />
      ) : null}
    </Drawer>
  );
}
