import { Form, Radio } from 'antd';
import type { PluginApi } from './api.ts';
import { SkuPicker } from './sku-picker.tsx';
import { StorePicker } from './store-picker.tsx';

/**
 * 适用门店与商品: every store and product, or chosen stores and SKUs (the API wants at least one
 * of each). The pickers read the kernel's stores and SKUs through the bundle's `api.kernel`.
 */
export function ScopeFields({ api, disabled }: { api: PluginApi; disabled: boolean }) {
  const form = Form.useFormInstance();
  const chosen = Form.useWatch('scope', form) === 'chosen';
  return (
    <>
      <Form.Item name="scope" label="适用门店与商品">
        <Radio.Group disabled={disabled} options={[{ value: 'all', label: '全部门店、全部商品' }, { value: 'chosen', label: '指定门店的指定商品' }]} />
      </Form.Item>
      {chosen ? (
        <>
          <Form.Item name="storeIds" label="指定门店" rules={[{ type: 'array', required: true, min: 1, message: '至少选择一家门店' }]}>
            <StorePicker api={api} disabled={disabled} />
          </Form.Item>
          <Form.Item name="skuIds" label="指定商品（SKU）" rules={[{ type: 'array', required: true, min: 1, message: '至少选择一个商品' }]}>
            <SkuPicker api={api} disabled={disabled} />
          </Form.Item>
        </>
      ) : null}
    </>
  );
}
