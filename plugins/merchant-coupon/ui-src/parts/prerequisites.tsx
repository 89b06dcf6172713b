import { Alert, Card, List, Tag } from 'antd';
import type { Checklist } from './api.ts';

const STATE_TAGS: Record<Checklist['items'][number]['state'], { text: string; color: string }> = {
  valid: { text: '已就绪', color: 'success' },
  missing: { text: '未设置', color: 'error' },
  invalid: { text: '无效', color: 'warning' },
  unchecked: { text: '待检查', color: 'default' },
};

/** The manual's service-provider prerequisites, with what the kernel reports of each (GET /prerequisites). */
export function Prerequisites({ checklist, error }: { checklist: Checklist | null; error: string | null }) {
  return (
    <Card size="small" title="服务商配置检查" data-testid="prerequisites" loading={!checklist && !error}
      extra={checklist ? <Tag color={checklist.ready ? 'success' : 'error'}>{checklist.ready ? '可以创建商家券' : '配置未完成'}</Tag> : null}>
      {error ? <Alert type="error" message={error} /> : null}
      {checklist?.message ? <Alert type="warning" showIcon message={checklist.message} style={{ marginBottom: 8 }} /> : null}
      {checklist ? (
        <List size="small" dataSource={checklist.items} renderItem={(item) => (
          <List.Item data-key={item.key} extra={<Tag color={STATE_TAGS[item.state].color}>{STATE_TAGS[item.state].text}</Tag>}>{item.label}</List.Item>
        )} />
      ) : null}
      {checklist?.sandbox ? <Alert type="info" message="当前服务商使用微信支付沙箱" style={{ marginTop: 8 }} /> : null}
    </Card>
  );
}
