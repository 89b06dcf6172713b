import { useCallback, useEffect, useState } from 'react';
import { Button, Col, Row, Space, Typography } from 'antd';
import { problemOf, type Checklist, type Coupon, type DayCount, type PageProps } from './parts/api.ts';
import { ClaimDrawer } from './parts/claim-drawer.tsx';
import { CouponForm } from './parts/coupon-form.tsx';
import { CouponTable } from './parts/coupon-table.tsx';
import { DailyChart } from './parts/daily-chart.tsx';
import { Prerequisites } from './parts/prerequisites.tsx';

/**
 * 营销 → 微信商家券 (seed 4.9): the merchant's coupons, the shop's daily claims and redemptions,
 * the create/edit form, each coupon's claim log and the service-provider checklist. Loaded by the
 * admin as a bundle page; React and antd are the admin's own (lingshou-plugin build-ui).
 */
export default function CouponsPage({ api }: PageProps) {
  const [coupons, setCoupons] = useState<Coupon[] | null>(null);
  const [days, setDays] = useState<DayCount[] | null>(null);
  const [checklist, setChecklist] = useState<Checklist | null>(null);
  const [checklistError, setChecklistError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Coupon | null | undefined>(undefined);
  const [opened, setOpened] = useState<Coupon | null>(null);

  const reload = useCallback(() => {
    api.get<Coupon[]>('/coupons?_sort=createdAt&_order=desc&_end=200').then(setCoupons, () => setCoupons([]));
    api.get<DayCount[]>('/daily?days=30').then(setDays, () => setDays([]));
  }, [api]);

  useEffect(() => {
    reload();
    api.get<Checklist>('/prerequisites').then(setChecklist, (error: unknown) => setChecklistError(problemOf(error).message));
  }, [api, reload]);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="merchant-coupons">
      <Row justify="space-between" align="middle">
        <Typography.Title level={4} style={{ margin: 0 }}>微信商家券</Typography.Title>
        <Button type="primary" onClick={() => setEditing(null)}>创建优惠券</Button>
      </Row>
      <Row gutter={16}>
        <Col xs={24} xl={16}><DailyChart days={days} /></Col>
        <Col xs={24} xl={8}><Prerequisites checklist={checklist} error={checklistError} /></Col>
      </Row>
      <CouponTable api={api} coupons={coupons} onChanged={reload} onEdit={setEditing} onOpen={setOpened} />
      {editing !== undefined ? (
        <CouponForm api={api} coupon={editing} onClose={() => setEditing(undefined)} onSaved={() => { setEditing(undefined); reload(); }} />
      ) : null}
      {opened ? <ClaimDrawer api={api} coupon={opened} onClose={() => setOpened(null)} /> : null}
    </Space>
  );
}
