import { useEffect, useState } from 'react';
import { App, Form, Input, InputNumber, Modal, Radio, Select, type FormInstance } from 'antd';
import { NAME_LIMIT, SCOPE_LIMIT } from '../../src/text-count.ts';
import { problemOf, type Coupon, type PluginApi } from './api.ts';
import { newCouponValues, toBody, toValues, type FormValues } from './coupon-values.ts';
import { SCENES } from './labels.ts';
import { ScopeFields } from './scope-fields.tsx';
import { TextCounter, textLimitRule } from './text-counter.tsx';
import { WeeklyFields } from './weekly-fields.tsx';

const CODE_MODES: { value: Coupon['codeMode']; label: string; help: string }[] = [
  { value: 'wechat', label: '微信生成', help: '微信支付为每张券生成券码，顾客在微信卡包出示' },
  { value: 'merchant', label: '商户指定', help: '本系统为每次领取生成 20 位券码' },
  { value: 'upload', label: '商户上传券码', help: '使用商户自有券码：保存后上传券码，顾客领取时依次发放' },
];

/**
 * Shows the API's refusal on the control of the field it names (`weekly.slots.0.end`), or of the
 * nearest field holding it (`skuIds.3` → skuIds). False when the form shows none of them.
 */
function showOnControl(form: FormInstance, field: string, text: string): boolean {
  const path = field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const shown = new Set(form.getFieldsError().map(({ name }) => name.join('.')));
  for (let length = path.length; length > 0; length -= 1) {
    if (shown.has(path.slice(0, length).join('.'))) {
      form.setFields([{ name: path.slice(0, length), errors: [text] }]);
      return true;
    }
  }
  return false;
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
  const codeMode = Form.useWatch('codeMode', form);
  const editing = coupon !== null;

  useEffect(() => {
    form.setFieldsValue(coupon ? toValues(coupon) : newCouponValues());
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
      if (!field || !showOnControl(form, field, text)) message.error(text);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={editing ? '编辑商家券' : '创建优惠券'} onCancel={onClose} onOk={save} okText="保存" confirmLoading={saving} width={680} destroyOnHidden>
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
        <ScopeFields api={api} disabled={editing} />
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
        <WeeklyFields disabled={editing} />
        <Form.Item name="codeMode" label="券码" extra={CODE_MODES.find((mode) => mode.value === codeMode)?.help}>
          <Radio.Group disabled={editing} options={CODE_MODES.map(({ value, label }) => ({ value, label }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
