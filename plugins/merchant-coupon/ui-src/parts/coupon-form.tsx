import { useEffect, useState } from 'react';
import { App, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import { NAME_LIMIT, SCOPE_LIMIT } from '../../src/text-count.ts';
import { chinaDate, problemOf, type Coupon, type PluginApi } from './api.ts';
import { SCENES } from './labels.ts';
import { TextCounter, textLimitRule } from './text-counter.tsx';

/** The form's values: money in 元 (the API takes fen), dates as China dates. */
interface FormValues {
  scene: Coupon['scene']; name: string; scopeText: string; type: Coupon['type'];
  thresholdFen: number; amountFen?: number; discountPercent?: number; maxCoupons: number; perUserLimit: number;
  availableFrom?: string; availableUntil: string; daysAfterClaim?: number; codeMode: Coupon['codeMode'];
}

const toFen = (yuan: number | undefined) => (yuan === undefined || yuan === null ? undefined : Math.round(yuan * 100));
const toYuan = (fen: number | null) => (fen === null ? undefined : fen / 100);
const inDays = (days: number) => chinaDate(new Date(Date.now() + days * 86_400_000).toISOString());

/** What the API takes from the form: fen, and the window's China dates as instants. */
function toBody(values: FormValues) {
  const { thresholdFen, amountFen, availableFrom, availableUntil, ...rest } = values;
  return {
    ...rest, thresholdFen: toFen(thresholdFen) ?? 0, amountFen: values.type === 'discount' ? undefined : toFen(amountFen),
    discountPercent: values.type === 'discount' ? values.discountPercent : undefined,
    availableFrom: availableFrom ? new Date(`${availableFrom}T00:00:00+08:00`).toISOString() : undefined,
    availableUntil: new Date(`${availableUntil}T23:59:59+08:00`).toISOString(),
  };
}

function toValues(coupon: Coupon): FormValues {
  return {
    scene: coupon.scene, name: coupon.name, scopeText: coupon.scopeText, type: coupon.type, thresholdFen: coupon.thresholdFen / 100,
    amountFen: toYuan(coupon.amountFen), discountPercent: coupon.discountPercent ?? undefined, maxCoupons: coupon.maxCoupons,
    perUserLimit: coupon.perUserLimit, availableFrom: chinaDate(coupon.availableFrom), availableUntil: chinaDate(coupon.availableUntil),
    daysAfterClaim: coupon.daysAfterClaim ?? undefined, codeMode: coupon.codeMode,
  };
}

/**
 * 创建/编辑商家券 (seed 4.9 §四). Name and scope count live by the manual's rule and WeChat's;
 * a text over either limit is refused before the request, and the API's own refusal is shown on
 * the field it names. Once the stock exists at WeChat only name, scope and budget may change.
 */
export function CouponForm({ api, coupon, onClose, onSaved }: { api: PluginApi; coupon: Coupon | null; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<FormValues>();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const name = Form.useWatch('name', form) ?? '';
  const scopeText = Form.useWatch('scopeText', form) ?? '';
  const type = Form.useWatch('type', form);
  const editing = coupon !== null;

  useEffect(() => {
    form.setFieldsValue(coupon ? toValues(coupon) : {
      scene: 'both', type: 'fixed', thresholdFen: 0, perUserLimit: 1, maxCoupons: 100, codeMode: 'wechat', availableUntil: inDays(30),
    });
  }, [coupon, form]);

  const save = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setSaving(true);
    try {
      if (coupon) await api.patch(`/coupons/${coupon.id}`, { name: values.name, scopeText: values.scopeText, maxCoupons: values.maxCoupons });
      else await api.post('/coupons', toBody(values));
      message.success(coupon ? '已保存' : '已创建，微信已建券');
      onSaved();
    } catch (error) {
      const { field, message: text } = problemOf(error);
      // The field the API names, when the form shows it (weekly.slots.0.end is not on this form).
      const shown = field?.split('.')[0] as keyof FormValues | undefined;
      if (shown && shown in form.getFieldsValue()) form.setFields([{ name: shown, errors: [text] }]);
      else message.error(text);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={editing ? '编辑商家券' : '创建优惠券'} onCancel={onClose} onOk={save} okText="保存" confirmLoading={saving} width={640} destroyOnClose>
      <Form form={form} layout="vertical" name="coupon" disabled={saving}>
        <Form.Item name="scene" label="可用场景">
          <Radio.Group disabled={editing} options={Object.entries(SCENES).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="name" label="商家券名称" rules={[{ required: true, message: '请输入名称' }, textLimitRule(NAME_LIMIT)]}
          extra={<TextCounter text={name} limit={NAME_LIMIT} testId="name-counter" />}>
          <Input placeholder="如：开业满50减10" />
        </Form.Item>
        <Form.Item name="scopeText" label="适用商品范围" rules={[{ required: true, message: '微信要求填写' }, textLimitRule(SCOPE_LIMIT)]}
          extra={<TextCounter text={scopeText} limit={SCOPE_LIMIT} testId="scope-counter" />}>
          <Input placeholder="如：全场通用" />
        </Form.Item>
        <Form.Item name="type" label="类型">
          <Select disabled={editing} options={[{ value: 'fixed', label: '满减' }, { value: 'discount', label: '折扣' }, { value: 'exchange', label: '换购' }]} />
        </Form.Item>
        <Form.Item name="thresholdFen" label="门槛金额（元，0 为无门槛）" rules={[{ required: true }]}>
          <InputNumber min={0} precision={2} step={1} disabled={editing} style={{ width: '100%' }} />
        </Form.Item>
        {type === 'discount' ? (
          <Form.Item name="discountPercent" label="折扣（88 = 8.8折）" rules={[{ required: true, message: '请输入折扣' }]}>
            <InputNumber min={1} max={99} disabled={editing} style={{ width: '100%' }} />
          </Form.Item>
        ) : (
          <Form.Item name="amountFen" label={type === 'exchange' ? '换购价（元）' : '优惠金额（元）'} rules={[{ required: true, message: '请输入金额' }]}>
            <InputNumber min={0.01} precision={2} step={1} disabled={editing} style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="maxCoupons" label="总库存（预算）" rules={[{ required: true }]}>
          <InputNumber min={1} max={1_000_000_000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="perUserLimit" label="每人限领" rules={[{ required: true }]}>
          <InputNumber min={1} max={100} precision={0} disabled={editing} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="availableFrom" label="生效日期（可不选：保存即生效）">
          <Input type="date" disabled={editing} />
        </Form.Item>
        <Form.Item name="availableUntil" label="核销截止日期" rules={[{ required: true, message: '请选择截止日期' }]}>
          <Input type="date" disabled={editing} />
        </Form.Item>
        <Form.Item name="daysAfterClaim" label="领取后 N 天内有效（可不填）">
          <InputNumber min={1} max={365} precision={0} disabled={editing} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="codeMode" label="券码">
          <Radio.Group disabled={editing} options={[{ value: 'wechat', label: '微信生成' }, { value: 'merchant', label: '商户指定' }]} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
