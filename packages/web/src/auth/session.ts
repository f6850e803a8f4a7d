import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.js';
import { ApiError } from '../api/problem.js';
import { paths } from '../api/paths.js';
import type { AuthProvider, Me } from '../api/types.js';

/** The signed-in user; `data` is null when nobody is signed in. */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await api<Me>(paths.me);
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

/** External sign-in providers (OIDC); empty when the server has none or no such route. */
export function useAuthProviders() {
  return useQuery({
    queryKey: ['auth-providers'],
    queryFn: async () => {
      try {
        const body = await api<{ items: AuthProvider[] }>(paths.providers);
        return body.items ?? [];
      } catch {
        return [] as AuthProvider[];
      }
    },
    staleTime: Infinity,
  });
}

/** Signs in and refreshes `me`. */
export function useSignIn() {
  const client = useQueryClient();
  return async (username: string, password: string) => {
    await api(paths.login, { method: 'POST', body: { username, password } });
    await client.invalidateQueries({ queryKey: ['me'] });
  };
}

/** Signs out and forgets every cached answer. */
export function useSignOut() {
  const client = useQueryClient();
  return async () => {
    try {
      await api(paths.logout, { method: 'POST' });
    } finally {
      client.clear();
      client.setQueryData(['me'], null);
    }
  };
}
