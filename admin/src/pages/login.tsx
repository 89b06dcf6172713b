import { useLogin, useTranslate } from '@refinedev/core';
import { Alert, Button, Card, Form, Input } from 'antd';

export function LoginPage() {
  const t = useTranslate();
  const { mutate: login, isPending, error, data } = useLogin<{ username: string; password: string }>();
  const failure = data && !data.success ? data.error?.message : error?.message;
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5' }}>
      <Card title={`${t('app.title')} · ${t('login.title')}`} style={{ width: 360 }}>
        {failure && <Alert type="error" message={t('login.failed')} description={failure} style={{ marginBottom: 16 }} />}
        <Form layout="vertical" onFinish={(values: { username: string; password: string }) => login(values)}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true }]}>
            <Input autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={isPending}>{t('login.submit')}</Button>
        </Form>
      </Card>
    </div>
  );
}
