import { useCallback, useEffect, useState } from 'react';
import { Button, Col, Row, Space, Typography } from 'antd';
import type { BundleListPage } from '@lingshou/plugin-sdk/bundle-api';
import { problemOf, type Checklist, type Coupon, type DayCount, type PageProps } from './parts/api.ts';
import { ClaimDrawer } from './parts/claim-drawer.tsx';
import { CouponForm } from './parts/coupon-form.tsx';
import { COUPON_PAGE_SIZE, CouponTable } from './parts/coupon-table.tsx';
import { DailyChart } from './parts/daily-chart.tsx';
import { Prerequisites } from './parts/prerequisites.tsx';

/**
 * 营销 → 微信商家券 (seed 4.9): the merchant's coupons, the shop's daily claims and redemptions,
 * the create/edit form, each coupon's claim log and the service-provider checklist. Loaded by the
 * admin as a bundle page; React and antd are the admin's own (lingshou-plugin build-ui).
 */
export default function CouponsPage({ api }: PageProps) {
  const [coupons, setCoupons] = useState<BundleListPage<Coupon> | null>(null);
  const [page, setPage] = useState(1);
  const [days, setDays] = useState<DayCount[] | null>(null);
  const [checklist, setChecklist] = useState<Checklist | null>(null);
  const [checklistError, setChecklistError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Coupon | null | undefined>(undefined);
  const [opened, setOpened] = useState<Coupon | null>(null);

  const loadCoupons = useCallback(() => {
    api.list<Coupon>('/coupons', { _sort: 'createdAt', _order: 'desc', _start: (page - 1) * COUPON_PAGE_SIZE, _end: page * COUPON_PAGE_SIZE })
      .then(setCoupons, () => setCoupons({ items: [], total: 0 }));
  }, [api, page]);
  const loadDays = useCallback(() => {
    api.get<DayCount[]>('/daily?days=30').then(setDays, () => setDays([]));
  }, [api]);
  const reload = () => { loadCoupons(); loadDays(); };

  useEffect(loadCoupons, [loadCoupons]);
  useEffect(() => {
    loadDays();
    api.get<Checklist>('/prerequisites').then(setChecklist, (error: unknown) => setChecklistError(problemOf(error).message));
  }, [api, loadDays]);

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
      <CouponTable api={api} coupons={coupons} page={page} onPage={setPage} onChanged={reload} onEdit={setEditing} onOpen={setOpened} />
      {editing !== undefined ? (
        <CouponForm api={api} coupon={editing} onClose={() => setEditing(undefined)} onSaved={() => { setEditing(undefined); reload(); }} />
      ) : null}
      {opened ? <ClaimDrawer api={api} coupon={opened} onClose={() => setOpened(null)} /> : null}
    </Space>
  );
}
