import { useEffect, useState } from 'react';
import { Select } from 'antd';
import { problemOf, type PluginApi } from './api.ts';
import { loadStores, type Store } from './kernel.ts';

interface Props {
  api: PluginApi;
  id?: string;
  value?: string[];
  onChange?: (storeIds: string[]) => void;
  disabled?: boolean;
}

/** 指定门店: several of the merchant's stores, by name (a Form.Item control: `value` is their ids). */
export function StorePicker({ api, id, value, onChange, disabled }: Props) {
  const [stores, setStores] = useState<Store[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    loadStores(api).then((found) => { if (current) setStores(found); }, (failure: unknown) => { if (current) setError(problemOf(failure).message); });
    return () => { current = false; };
  }, [api]);

  return (
    <Select id={id} mode="multiple" allowClear value={value} onChange={onChange} disabled={disabled} loading={stores === null && !error}
      placeholder={error ?? '选择可用门店'} status={error ? 'error' : undefined} optionFilterProp="label" data-testid="store-picker"
      options={(stores ?? []).map((store) => ({ value: store.id, label: store.active ? store.name : `${store.name}（已停用）` }))} />
  );
}
