import { useTranslate } from '@refinedev/core';
import { merchantSchema } from '../components/create-schemas.ts';
import { ResourceTable } from '../components/resource-table.tsx';
import { formatDateTime } from '../dates.ts';

interface Merchant { id: string; name: string; subMchid: string | null; status: string; createdAt: string }

export default function Merchants() {
  const t = useTranslate();
  return (
    <ResourceTable<Merchant> resource="platform/merchants" title={t('menu.merchants')} createSchema={() => merchantSchema(t)} columns={[
      { title: t('common.name'), dataIndex: 'name' },
      { title: t('partners.subMchid'), dataIndex: 'subMchid', render: (v: string | null) => v ?? '—' },
      { title: t('common.status'), dataIndex: 'status' },
      { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
    ]} />
  );
}
