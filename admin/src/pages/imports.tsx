import { useEffect, useState } from 'react';
import { useTranslate } from '@refinedev/core';
import { Button, Card, Progress, Select, Space, Table, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { api, apiDownload } from '../api/http.ts';
import { ApiErrorAlert } from '../components/api-error.tsx';

interface ImportJob {
  id: string; status: 'pending' | 'running' | 'done' | 'failed'; percent: number; totalRows: number; processedRows: number;
  createdCount: number; updatedCount: number; errorCount: number; errors: { row: number; field: string; message: string }[];
}

/** Products from a CSV or XLSX sheet: the job runs on the server; this polls its progress and shows refused rows. */
export default function ImportsPage() {
  const t = useTranslate();
  const [warehouses, setWarehouses] = useState<{ id: string; name: string }[]>([]);
  const [warehouseId, setWarehouseId] = useState<string | undefined>();
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => { api.get<{ id: string; name: string }[]>('/warehouses?_end=100').then(setWarehouses, () => setWarehouses([])); }, []);
  useEffect(() => {
    if (!job || job.status === 'done' || job.status === 'failed') return;
    const timer = setTimeout(() => { api.get<ImportJob>(`/imports/${job.id}`).then(setJob, setError); }, 500);
    return () => clearTimeout(timer);
  }, [job]);
  const upload = async (file: File) => {
    setError(null);
    const body = new FormData();
    body.append('file', file);
    try {
      setJob(await api.post<ImportJob>(`/imports/products${warehouseId ? `?warehouseId=${warehouseId}` : ''}`, body));
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <Card title={t('menu.imports')} extra={<Space>
      {(['csv', 'xlsx'] as const).map((ext) => (
        <Button key={ext} type="link" onClick={() => apiDownload(`/imports/products/template.${ext}`, `products-template.${ext}`).catch(setError)}>
          {`template.${ext}`}
        </Button>
      ))}
    </Space>}>
      <ApiErrorAlert error={error} />
      <Space>
        <Select allowClear placeholder={t('menu.stock')} style={{ width: 200 }} value={warehouseId} onChange={setWarehouseId}
          options={warehouses.map((w) => ({ value: w.id, label: w.name }))} />
        <Upload accept=".csv,.xlsx" showUploadList={false} beforeUpload={(file) => { void upload(file); return false; }}>
          <Button icon={<UploadOutlined />}>CSV / XLSX</Button>
        </Upload>
      </Space>
      {job && (
        <div data-testid="import-job" style={{ marginTop: 16 }}>
          <Progress percent={job.percent} status={job.status === 'failed' ? 'exception' : job.status === 'done' ? 'success' : 'active'} />
          <p>{`${job.processedRows} / ${job.totalRows} · +${job.createdCount} · ~${job.updatedCount} · ✗${job.errorCount}`}</p>
          {job.errors.length > 0 && (
            <Table rowKey={(e) => `${e.row}:${e.field}`} size="small" pagination={false} dataSource={job.errors} columns={[
              { title: '#', dataIndex: 'row' }, { title: 'field', dataIndex: 'field' }, { title: '', dataIndex: 'message' },
            ]} />
          )}
        </div>
      )}
    </Card>
  );
}
