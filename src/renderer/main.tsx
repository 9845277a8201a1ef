// The connection module goes first: it starts listening for the engine's MessagePort at once.
import './state/engine-connection';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { I18nProvider } from './i18n/i18n-context';
import './styles/app.css';
import './styles/customers.css';
import './styles/import-wizard.css';
import './styles/data-quality.css';
import './styles/segments.css';
import './styles/field-picker.css';
import './styles/funnels.css';
import './styles/campaigns.css';
import './styles/grid-tools.css';
import './styles/models.css';
import './styles/churn.css';

const container = document.getElementById('root');
if (!container) throw new Error('missing #root');
createRoot(container).render(
  <I18nProvider>
    <App />
  </I18nProvider>,
);
