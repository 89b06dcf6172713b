import { useTranslate } from '@refinedev/core';
import { Tag } from 'antd';
import { Link } from 'react-router';
import { partnerSchema } from '../components/create-schemas.ts';
import { ResourceTable } from '../components/resource-table.tsx';
import { formatDateTime } from '../dates.ts';
import { checklist, type Partner } from './partner-checklist.ts';

export default function Partners() {
  const t = useTranslate();
  return (
    <ResourceTable<Partner> resource="platform/partners" title={t('menu.partners')} createSchema={partnerSchema(t)} columns={[
      { title: t('common.name'), dataIndex: 'name', render: (name: string, row) => <Link to={`/platform/partners/${row.id}`}>{name}</Link> },
      { title: t('partners.mchid'), dataIndex: 'spMchid' },
      { title: t('partners.checklist'), render: (_, row) => {
        const items = checklist(row);
        const done = items.filter((i) => i.ok).length;
        return <Tag color={done === items.length ? 'green' : 'orange'}>{`${done} / ${items.length}`}</Tag>;
      } },
      { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
    ]} />
  );
}
