import { App, Button, Popconfirm, Space, Table, Tag } from 'antd';
import type { BundleListPage } from '@lingshou/plugin-sdk/bundle-api';
import { chinaDate, problemOf, type Coupon, type PluginApi } from './api.ts';
import { SCENES, STATES } from './labels.ts';

/** Coupons a page of the table, newest first. */
export const COUPON_PAGE_SIZE = 20;

interface Props {
  api: PluginApi;
  /** The page shown, with the total of every coupon; null while it loads. */
  coupons: BundleListPage<Coupon> | null;
  page: number;
  onPage: (page: number) => void;
  onChanged: () => void;
  onEdit: (coupon: Coupon) => void;
  onOpen: (coupon: Coupon) => void;
}

/** The merchant's coupons with their counts and window, and what can be done to each. */
export function CouponTable({ api, coupons, page, onPage, onChanged, onEdit, onOpen }: Props) {
  const { message } = App.useApp();
  const act = (label: string, run: () => Promise<unknown>) => async () => {
    try {
      await run();
      message.success(label);
      onChanged();
    } catch (error) {
      message.error(problemOf(error).message);
    }
  };
  const setState = (coupon: Coupon, state: Coupon['state']) => api.patch(`/coupons/${coupon.id}`, { state });
  // The files the poster routes render, saved under the coupon's name.
  const download = (coupon: Coupon, file: string, filename: string) => () => {
    api.download(`/coupons/${coupon.id}/${file}`, filename).catch((error: unknown) => message.error(problemOf(error).message));
  };
  return (
    <Table<Coupon> rowKey="id" size="middle" loading={coupons === null} dataSource={coupons?.items ?? []}
      pagination={{ current: page, pageSize: COUPON_PAGE_SIZE, total: coupons?.total ?? 0, onChange: onPage, showSizeChanger: false }}
      data-testid="coupon-table" locale={{ emptyText: '还没有商家券' }}
      columns={[
        { title: '名称', dataIndex: 'name', render: (name: string, coupon) => <Button type="link" style={{ padding: 0 }} onClick={() => onOpen(coupon)}>{name}</Button> },
        { title: '规则', dataIndex: 'ruleText' },
        { title: '场景', dataIndex: 'scene', render: (scene: Coupon['scene']) => SCENES[scene] },
        { title: '状态', dataIndex: 'state', render: (state: Coupon['state']) => <Tag color={STATES[state].color}>{STATES[state].text}</Tag> },
        { title: '领取 / 核销 / 剩余', key: 'counts', render: (_v, c) => `${c.claimedCount} / ${c.usedCount} / ${c.budgetLeft}` },
        { title: '有效期', key: 'window', render: (_v, c) => `${chinaDate(c.availableFrom)} ~ ${chinaDate(c.availableUntil)}` },
        {
          title: '操作', key: 'actions', render: (_v, coupon) => (
            <Space size={0} wrap>
              {coupon.state === 'running' ? <Button type="link" size="small" onClick={act('已暂停领取', () => setState(coupon, 'paused'))}>暂停</Button> : null}
              {coupon.state === 'paused' ? <Button type="link" size="small" onClick={act('已恢复领取', () => setState(coupon, 'running'))}>恢复</Button> : null}
              {coupon.state === 'running' || coupon.state === 'paused' ? (
                <Popconfirm title="停止后不可恢复，微信预算将降至已领取数量" okText="停止" cancelText="取消" onConfirm={act('已停止', () => setState(coupon, 'stopped'))}>
                  <Button type="link" size="small" danger>停止</Button>
                </Popconfirm>
              ) : null}
              <Button type="link" size="small" onClick={act('已与微信同步', () => api.post(`/coupons/${coupon.id}/sync`))}>同步</Button>
              {coupon.state !== 'stopped' ? <Button type="link" size="small" onClick={() => onEdit(coupon)}>编辑</Button> : null}
              <Button type="link" size="small" onClick={download(coupon, 'poster.svg', `${coupon.name}-海报.svg`)}>下载海报</Button>
              <Button type="link" size="small" onClick={download(coupon, 'qrcode.png', `${coupon.name}-二维码.png`)}>下载二维码</Button>
            </Space>
          ),
        },
      ]} />
  );
}
