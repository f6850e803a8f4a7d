import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { setUnauthenticatedHandler } from './api/client.js';
import { ApiError } from './api/problem.js';
import { i18n } from './i18n/index.js';
import { AppRoutes } from './routes.js';

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: false,
        // A missing route or a refusal will not get better by asking again.
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      },
    },
  });
}

function Localized({ children }: { children: React.ReactNode }) {
  const { i18n: current } = useTranslation();
  useEffect(() => {
    document.documentElement.lang = current.language;
  }, [current.language]);
  return (
    <ConfigProvider locale={current.language === 'zh-CN' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1668dc' } }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

/** The console: providers (query cache, i18n, antd locale) around the routes. */
export function App() {
  const [client] = useState(makeQueryClient);
  useEffect(() => {
    setUnauthenticatedHandler(() => client.setQueryData(['me'], null));
    return () => setUnauthenticatedHandler(undefined);
  }, [client]);
  return (
    <QueryClientProvider client={client}>
      <I18nextProvider i18n={i18n}>
        <Localized>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </Localized>
      </I18nextProvider>
    </QueryClientProvider>
  );
}
