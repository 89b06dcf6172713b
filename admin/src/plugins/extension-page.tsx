import { useGetLocale } from '@refinedev/core';
import { Result, Spin } from 'antd';
import type { RJSFSchema } from '@rjsf/utils';
import { useParams } from 'react-router';
import { labelText } from '../i18n/index.ts';
import { BundlePage } from './bundle-page.tsx';
import { CrudPage } from './crud-page.tsx';
import { useExtensionMenu, useExtensionsLoaded } from './extensions.tsx';

/** The page of a plugin menu entry, found in the current extension manifest. */
export default function ExtensionPage() {
  const { pluginId, key } = useParams();
  const locale = useGetLocale()() ?? 'zh';
  const menu = useExtensionMenu();
  const loaded = useExtensionsLoaded();
  const entry = menu.find((e) => e.pluginId === pluginId && e.key === key);
  if (!entry) return loaded ? <Result status="404" title="404" /> : <Spin />;
  const page = entry.page;
  if (page?.kind === 'crud') {
    return <CrudPage key={`${pluginId}/${key}`} pluginId={entry.pluginId} resource={page.resource} schema={page.schema as RJSFSchema}
      columns={page.columns ?? []} title={labelText(entry.label, locale)} />;
  }
  if (page?.kind === 'bundle') return <BundlePage pluginId={entry.pluginId} file={page.module} exportName={page.export} />;
  return <Result status="404" title="404" />;
}
