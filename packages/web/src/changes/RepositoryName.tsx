import { GithubOutlined } from '@ant-design/icons';
import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/** True for a GitHub repository key (`github:<owner>:<repo>`); embedded names have no colon. */
export function isGitHubRepository(key: string): boolean {
  return key.startsWith('github:');
}

/** How a repository key reads: `owner/repo` for GitHub, the embedded name as it is. */
export function repositoryTitle(key: string): string {
  if (!isGitHubRepository(key)) return key;
  const [, owner = '', repo = ''] = key.split(':');
  return `${owner}/${repo}`;
}

/** A repository's name, tagged "GitHub" (with its icon) when it is on GitHub. */
export function RepositoryName({ name }: { name: string }) {
  const { t } = useTranslation();
  if (!isGitHubRepository(name)) return <>{name}</>;
  return (
    <Space size={4}>
      <Tag icon={<GithubOutlined />} data-testid="repo-github">
        {t('changeRequests.github')}
      </Tag>
      {repositoryTitle(name)}
    </Space>
  );
}
