import { useEffect, useState } from 'react';
import { useTranslate } from '@refinedev/core';
import { Alert, Card, Col, Row, Spin, Statistic } from 'antd';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { api } from '../api/http.ts';
import { fenToYuan } from '../money.ts';
import { useStore } from '../components/store-context.tsx';

// Only what the 30-day bar chart draws, not the whole of echarts.
echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

interface Day { date: string; salesFen: number; orders: number }
interface Dashboard { today: Day & { averageTicketFen: number }; series: Day[] }

export default function DashboardPage() {
  const t = useTranslate();
  const { storeId } = useStore();
  const [data, setData] = useState<Dashboard | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    setData(null);
    api.get<Dashboard>(`/reports/dashboard${storeId ? `?storeId=${storeId}` : ''}`).then(
      (figures) => { if (current) setData(figures); },
      (failure: Error) => { if (current) setError(failure.message); },
    );
    return () => { current = false; };
  }, [storeId]);
  if (error) return <Alert type="error" message={error} />;
  if (!data) return <Spin />;
  return (
    <div data-testid="dashboard">
      <Row gutter={16}>
        <Col span={8}><Card><Statistic title={t('dashboard.sales')} value={fenToYuan(data.today.salesFen)} prefix="¥" /></Card></Col>
        <Col span={8}><Card><Statistic title={t('dashboard.orders')} value={data.today.orders} /></Card></Col>
        <Col span={8}><Card><Statistic title={t('dashboard.averageTicket')} value={fenToYuan(data.today.averageTicketFen)} prefix="¥" /></Card></Col>
      </Row>
      <Card title={t('dashboard.chart')} style={{ marginTop: 16 }}>
        <ReactEChartsCore
          echarts={echarts}
          style={{ height: 320 }}
          option={{
            tooltip: { trigger: 'axis' },
            xAxis: { type: 'category', data: data.series.map((d) => d.date.slice(5)) },
            yAxis: { type: 'value', name: '¥' },
            series: [{ type: 'bar', name: t('dashboard.sales'), data: data.series.map((d) => d.salesFen / 100) }],
          }}
        />
      </Card>
    </div>
  );
}
