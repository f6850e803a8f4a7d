import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { LoginPage } from './auth/LoginPage.js';
import { AppLayout } from './layout/AppLayout.js';
import { OverviewPage } from './pages/OverviewPage.js';

const AppListPage = lazy(() => import('./apps/AppListPage.js').then((m) => ({ default: m.AppListPage })));
const AppDetailPage = lazy(() => import('./apps/AppDetailPage.js').then((m) => ({ default: m.AppDetailPage })));
const AppEditorPage = lazy(() => import('./apps/editor/AppEditorPage.js').then((m) => ({ default: m.AppEditorPage })));
const WorkflowEditorPage = lazy(() =>
  import('./workflow/WorkflowEditorPage.js').then((m) => ({ default: m.WorkflowEditorPage })),
);
const ClustersPage = lazy(() => import('./clusters/ClustersPage.js').then((m) => ({ default: m.ClustersPage })));
const WorkspacesPage = lazy(() =>
  import('./workspaces/WorkspacesPage.js').then((m) => ({ default: m.WorkspacesPage })),
);
const AuditPage = lazy(() => import('./audit/AuditPage.js').then((m) => ({ default: m.AuditPage })));
const ChangeRequestsPage = lazy(() =>
  import('./changes/ChangeRequestsPage.js').then((m) => ({ default: m.ChangeRequestsPage })),
);
const ChangeRequestPage = lazy(() =>
  import('./changes/ChangeRequestPage.js').then((m) => ({ default: m.ChangeRequestPage })),
);

const GitProvidersPage = lazy(() =>
  import('./admin/GitProvidersPage.js').then((m) => ({ default: m.GitProvidersPage })),
);

/** Every page of the console; all but the overview load on first visit. */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route element={<AppLayout />}>
        <Route index element={<OverviewPage />} />
        <Route path="apps" element={<AppListPage />} />
        <Route path="apps/new" element={<AppEditorPage />} />
        <Route path="apps/:workspace/:name" element={<AppDetailPage />} />
        <Route path="apps/:workspace/:name/edit" element={<AppEditorPage />} />
        <Route path="workflows" element={<WorkflowEditorPage />} />
        <Route path="change-requests" element={<ChangeRequestsPage />} />
        <Route path="change-requests/:workspace/:repo/:number" element={<ChangeRequestPage />} />
        <Route path="clusters" element={<ClustersPage />} />
        <Route path="clusters/:cluster" element={<ClustersPage />} />
        <Route path="workspaces" element={<WorkspacesPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="admin/git-providers" element={<GitProvidersPage />} />
        <Route path="*" element={<OverviewPage />} />
      </Route>
    </Routes>
  );
}
