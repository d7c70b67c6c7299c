import { render, waitFor } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('renders the sign-in page', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test' },
            backend: { baseUrl: 'http://localhost:7007' },
            techdocs: {
              storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
            },
          },
          context: 'test',
        },
      ] as any,
    };

    const rendered = render(App.createRoot());

    // Not signed in yet: the app shows its sign-in page with the guest provider.
    await waitFor(
      () => expect(rendered.getByRole('button', { name: 'Enter' })).toBeInTheDocument(),
      { timeout: 20_000 },
    );
  }, 30_000);
});
