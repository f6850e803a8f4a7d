/**
 * Every API path the console calls, in one place (relative to `/api/v1`). Routes of
 * capabilities still landing on the server are written as planned; adjust them here only.
 */
const seg = encodeURIComponent;

/** Path builders by capability. */
export const paths = {
  login: '/auth/login',
  logout: '/auth/logout',
  providers: '/auth/providers',
  me: '/me',
  clusters: '/clusters',
  cluster: (c: string) => `/clusters/${seg(c)}`,
  clusterNodes: (c: string) => `/clusters/${seg(c)}/nodes`,
  clusterCheck: (c: string) => `/clusters/${seg(c)}/check`,
  workspaces: '/workspaces',
  workspace: (w: string) => `/workspaces/${seg(w)}`,
  members: (w: string) => `/workspaces/${seg(w)}/members`,
  member: (w: string, u: string) => `/workspaces/${seg(w)}/members/${seg(u)}`,
  namespaces: (w: string) => `/workspaces/${seg(w)}/namespaces`,
  permissions: (w: string) => `/workspaces/${seg(w)}/permissions`,
  audit: '/audit',
  apps: '/apps',
  appsHealthSummary: '/apps/health-summary',
  allRuns: '/runs',
  workspaceApps: (w: string) => `/workspaces/${seg(w)}/apps`,
  app: (w: string, a: string) => `/workspaces/${seg(w)}/apps/${seg(a)}`,
  validateApp: (w: string) => `/workspaces/${seg(w)}/apps/validate`,
  revisions: (w: string, a: string) => `/workspaces/${seg(w)}/apps/${seg(a)}/revisions`,
  revision: (w: string, a: string, r: number) => `/workspaces/${seg(w)}/apps/${seg(a)}/revisions/${r}`,
  revisionDiff: (w: string, a: string, from: number, to: number) =>
    `/workspaces/${seg(w)}/apps/${seg(a)}/revisions/${from}/diff/${to}`,
  status: (w: string, a: string) => `/workspaces/${seg(w)}/apps/${seg(a)}/status`,
  statusStream: (w: string, a: string) => `/workspaces/${seg(w)}/apps/${seg(a)}/status/stream`,
  podLogs: (w: string, a: string, pod: string) => `/workspaces/${seg(w)}/apps/${seg(a)}/pods/${seg(pod)}/logs`,
  runs: (w: string, a: string) => `/workspaces/${seg(w)}/apps/${seg(a)}/runs`,
  run: (w: string, a: string, id: string) => `/workspaces/${seg(w)}/apps/${seg(a)}/runs/${seg(id)}`,
  runEvents: (w: string, a: string, id: string) => `/workspaces/${seg(w)}/apps/${seg(a)}/runs/${seg(id)}/events`,
  runCancel: (w: string, a: string, id: string) => `/workspaces/${seg(w)}/apps/${seg(a)}/runs/${seg(id)}/cancel`,
  stepDecision: (w: string, a: string, id: string, step: string, decision: 'approve' | 'reject') =>
    `/workspaces/${seg(w)}/apps/${seg(a)}/runs/${seg(id)}/steps/${seg(step)}/${decision}`,
  workspaceRunEvents: (w: string) => `/workspaces/${seg(w)}/run-events`,
  jobTypes: '/job-types',
  gitRepositories: (w: string) => `/workspaces/${seg(w)}/git/repositories`,
  changeRequests: (w: string, repo: string) => `/workspaces/${seg(w)}/git/repositories/${seg(repo)}/change-requests`,
  changeRequest: (w: string, repo: string, n: number) =>
    `/workspaces/${seg(w)}/git/repositories/${seg(repo)}/change-requests/${n}`,
  changeRequestAction: (w: string, repo: string, n: number, action: 'comments' | 'reviews' | 'merge' | 'close') =>
    `/workspaces/${seg(w)}/git/repositories/${seg(repo)}/change-requests/${n}/${action}`,
  gitHubCredentialsList: '/git/github/credentials',
  gitHubCredentials: (owner: string, repository?: string) =>
    repository
      ? `/git/github/owners/${seg(owner)}/repositories/${seg(repository)}/credentials`
      : `/git/github/owners/${seg(owner)}/credentials`,
  gitopsStatus: (w: string, a: string) => `/workspaces/${seg(w)}/apps/${seg(a)}/gitops`,
  gitopsSubmit: (w: string, a: string) => `/workspaces/${seg(w)}/apps/${seg(a)}/gitops/submit`,
  repoCheck: (w: string) => `/workspaces/${seg(w)}/repocheck`,
} as const;
