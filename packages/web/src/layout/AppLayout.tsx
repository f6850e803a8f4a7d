import {
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BranchesOutlined,
  ClusterOutlined,
  DashboardOutlined,
  GithubOutlined,
  LogoutOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Button, Layout, Menu, Space, Spin, Typography } from 'antd';
import { Suspense, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useMe, useSignOut } from '../auth/session.js';
import { QueryState } from '../common/QueryState.js';
import { LanguageSwitch } from './LanguageSwitch.js';

const NAV = [
  { key: '/', icon: <DashboardOutlined />, label: 'nav.overview' },
  { key: '/apps', icon: <AppstoreOutlined />, label: 'nav.applications' },
  { key: '/workflows', icon: <ApartmentOutlined />, label: 'nav.workflows' },
  { key: '/change-requests', icon: <BranchesOutlined />, label: 'nav.changeRequests' },
  { key: '/clusters', icon: <ClusterOutlined />, label: 'nav.clusters' },
  { key: '/workspaces', icon: <TeamOutlined />, label: 'nav.workspaces' },
  { key: '/audit', icon: <AuditOutlined />, label: 'nav.audit' },
  { key: '/admin/git-providers', icon: <GithubOutlined />, label: 'nav.gitProviders', adminOnly: true },
] as const;

/** The signed-in shell: side navigation, header with user and language, the page. */
export function AppLayout() {
  const { t } = useTranslation();
  const me = useMe();
  const signOut = useSignOut();
  const location = useLocation();
  const navigate = useNavigate();

  if (me.isSuccess && me.data === null) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  // Entries for platform admins only (the server refuses the others anyway).
  const nav = NAV.filter((n) => !('adminOnly' in n) || me.data?.platformAdmin === true);
  const selected =
    nav.filter((n) => n.key !== '/' && location.pathname.startsWith(n.key)).map((n) => n.key)[0] ?? '/';

  return (
    <QueryState isLoading={me.isLoading} error={me.error} refetch={me.refetch}>
      <Layout style={{ minHeight: '100vh' }}>
        <a className="skip-link" href="#content" onClick={skipToContent}>
          {t('nav.skipToContent')}
        </a>
        <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="light" width={208}>
          <Link to="/" className="brand" aria-label="Berth">
            ⚓ {t('app.name')}
          </Link>
          <Menu
            mode="inline"
            selectedKeys={[selected]}
            items={nav.map((n) => ({ key: n.key, icon: n.icon, label: <Link to={n.key}>{t(n.label)}</Link> }))}
          />
        </Layout.Sider>
        <Layout>
          <Layout.Header className="app-header">
            <Space>
              <LanguageSwitch />
              <Typography.Text data-testid="current-user">{me.data?.username}</Typography.Text>
              <Button
                icon={<LogoutOutlined />}
                size="small"
                onClick={() => void signOut().then(() => navigate('/login'))}
              >
                {t('nav.logout')}
              </Button>
            </Space>
          </Layout.Header>
          <Layout.Content className="app-content" id="content" tabIndex={-1}>
            <Suspense fallback={<Spin aria-busy="true" />}>
              <Outlet />
            </Suspense>
          </Layout.Content>
        </Layout>
      </Layout>
    </QueryState>
  );
}

/** Moves focus to the page content (the link's default would only scroll there). */
function skipToContent(event: MouseEvent<HTMLAnchorElement>): void {
  event.preventDefault();
  document.getElementById('content')?.focus();
}
