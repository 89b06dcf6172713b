import { Alert } from 'antd';
import { ApiError } from '../api/http.ts';

/** A problem+json answer shown with the field it names, so the user knows what to fix. */
export function ApiErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const field = error instanceof ApiError ? error.field : undefined;
  return <Alert type="error" showIcon role="alert" message={(error as Error).message} description={field ? `${field}` : undefined} style={{ marginBottom: 16 }} />;
}
