// Customer success (客户成功): account health (who is at risk first, then why), open risk alerts with their win-back
// playbooks, renewals coming up, and revenue retention. Each section loads on its own: one refused or slow call
// shows its own readable message and never blanks the page.
import './strings.js';
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { apiAll } from '../../api.js';
import { pageHeader } from '../../components.js';
import { healthSection } from './health.js';
import { alertsSection } from './alerts.js';
import { renewalsSection } from './renewals.js';
import { revenueSection } from './revenue.js';

export default {
  async render({ query }) {
    const accounts = apiAll('/api/accounts', {}, 500);
    accounts.catch(() => {}); // the health section says what it could not read
    let healthReady;
    const healthMap = new Promise(resolve => { healthReady = resolve; });

    return h('div', { class: 'success-page' },
      pageHeader(t('success.title')),
      h('p', { class: 'subtitle page-subtitle' }, t('success.subtitle')),
      healthSection({ accounts, selected: query.accountId || null, healthReady }),
      alertsSection(),
      renewalsSection({ healthMap }),
      revenueSection());
  },
};
