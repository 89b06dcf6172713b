import { useEffect, useState } from 'react';
import { useTranslate } from '@refinedev/core';
import { Alert, App, Button, Card, Input, List, Space, Spin, Table, Tag, Typography } from 'antd';
import { CheckCircleTwoTone, ExclamationCircleTwoTone } from '@ant-design/icons';
import { useParams } from 'react-router';
import { api } from '../api/http.ts';
import { ApiErrorAlert } from '../components/api-error.tsx';
import { checklist, type ChecklistItem, type Partner } from './partner-checklist.ts';

interface Merchant { id: string; name: string; partnerId: string | null; subMchid: string | null; status: string }

/** One partner: its WeChat Pay parameters as a checklist, its merchants, the domain guidance. */
export default function PartnerShow() {
  const t = useTranslate();
  const { id } = useParams();
  const { message } = App.useApp();
  const [partner, setPartner] = useState<Partner | null>(null);
  const [merchants, setMerchants] = useState<Merchant[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<ChecklistItem | null>(null);
  const [value, setValue] = useState('');
  useEffect(() => {
    api.get<Partner>(`/platform/partners/${id}`).then(setPartner, setError);
    // The merchant list has no partner filter: the operator's lists are small, so filter here.
    api.get<Merchant[]>('/platform/merchants?_end=500').then((all) => setMerchants(all.filter((m) => m.partnerId === id)), setError);
  }, [id]);
  if (!partner) return error ? <ApiErrorAlert error={error} /> : <Spin />;
  const save = async () => {
    if (!editing) return;
    setError(null);
    try {
      setPartner(await api.patch<Partner>(`/platform/partners/${id}`, { [editing.field]: value }));
      setEditing(null);
      setValue('');
      void message.success(t('common.saved'));
    } catch (failure) {
      setError(failure);
    }
  };
  const multiline = (item: ChecklistItem) => item.key === 'certificate' || item.key === 'privateKey';
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={`${partner.name} · ${t('partners.checklist')}`} extra={<Tag>{partner.wechatpayApi}</Tag>}>
        <ApiErrorAlert error={error} />
        <List<ChecklistItem> dataSource={checklist(partner)} data-testid="partner-checklist" renderItem={(item) => (
          <List.Item actions={[<Button key="edit" size="small" onClick={() => { setEditing(item); setValue(''); }}>{t('common.edit')}</Button>]}>
            <List.Item.Meta
              avatar={item.ok ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <ExclamationCircleTwoTone twoToneColor="#faad14" />}
              title={t(`partners.${item.key}`)}
              description={item.secret ? (item.ok ? t('partners.set') : t('partners.missing')) : item.shown ?? t('partners.missing')}
            />
            {editing?.key === item.key && (
              <Space.Compact style={{ width: 480 }}>
                {multiline(item)
                  ? <Input.TextArea rows={4} value={value} onChange={(e) => setValue(e.target.value)} placeholder="-----BEGIN ..." />
                  : item.secret ? <Input.Password value={value} onChange={(e) => setValue(e.target.value)} />
                    : <Input value={value} onChange={(e) => setValue(e.target.value)} />}
                <Button type="primary" onClick={save}>{t('common.save')}</Button>
              </Space.Compact>
            )}
          </List.Item>
        )} />
      </Card>
      <Card title={t('menu.merchants')}>
        <Table<Merchant> rowKey="id" size="small" pagination={false} dataSource={merchants} columns={[
          { title: t('common.name'), dataIndex: 'name' },
          { title: t('partners.subMchid'), dataIndex: 'subMchid', render: (v: string | null) => v ?? '—' },
          { title: t('common.status'), dataIndex: 'status' },
        ]} />
      </Card>
      <Card title={t('partners.domains')}>
        <Alert type="info" showIcon message={t('partners.domainsHelp')} />
        <Typography.Paragraph copyable style={{ marginTop: 16 }}>{window.location.host}</Typography.Paragraph>
      </Card>
    </Space>
  );
}
