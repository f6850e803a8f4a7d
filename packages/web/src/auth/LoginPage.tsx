import { Alert, Button, Card, Divider, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { formFieldErrors, messageOf } from '../api/problem.js';
import { LanguageSwitch } from '../layout/LanguageSwitch.js';
import { useAuthProviders, useMe, useSignIn } from './session.js';

interface LoginForm {
  username: string;
  password: string;
}

/** Local sign-in; an OIDC button per provider when the server lists any. */
export function LoginPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<LoginForm>();
  const signIn = useSignIn();
  const me = useMe();
  const providers = useAuthProviders();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const next = (location.state as { from?: string } | null)?.from ?? '/';

  if (me.data) return <Navigate to={next} replace />;

  const onFinish = async (values: LoginForm) => {
    setBusy(true);
    setError(undefined);
    try {
      await signIn(values.username, values.password);
      navigate(next, { replace: true });
    } catch (err) {
      const fields = formFieldErrors(err, ['username', 'password']);
      if (fields.length > 0) form.setFields(fields as Parameters<typeof form.setFields>[0]);
      else setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login-page">
      <Card style={{ width: 380 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('login.title')}
          </Typography.Title>
          <LanguageSwitch />
        </div>
        <Typography.Paragraph type="secondary">{t('app.tagline')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon message={t('login.failed')} description={error} style={{ marginBottom: 16 }} role="alert" />}
        <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.required') }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.required') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
        {providers.data && providers.data.length > 0 && (
          <>
            <Divider />
            {providers.data.map((p) => (
              <Button key={p.id} block href={p.url} style={{ marginBottom: 8 }}>
                {t('login.oidc', { name: p.name })}
              </Button>
            ))}
          </>
        )}
      </Card>
    </main>
  );
}
