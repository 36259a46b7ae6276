// The forecast of one product family against its target and floor (保底目标, docs/product.md §9): only that family's lines count.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { moneySummary } from '../../texts.js';
import { api } from '../../api.js';
import { kpi, loadInto, empty } from '../../components.js';

export async function familyForecastSection({ period, ownerId }) {
  const families = await api('/api/products/families').catch(() => []);
  const body = h('div', { id: 'family-forecast-body' });
  let family = families[0] ?? null;
  const reload = loadInto(body, async () => {
    if (!family) return empty(t('familyForecast.noFamilies'));
    const f = await api('/api/forecast', { query: { period, ownerId, productFamily: family } });
    const floorNote = f.floor === null ? t('familyForecast.noFloor') : f.floorGap === 0 ? t('familyForecast.floorMet') : null;
    return h('div', { class: 'kpis', dataset: { family } },
      kpi(t('familyForecast.target'), moneySummary(f.target, f.currency)),
      kpi(t('familyForecast.floor'), f.floor === null ? '—' : moneySummary(f.floor, f.currency), floorNote),
      kpi(t('familyForecast.closedWon'), moneySummary(f.closedWon, f.currency)),
      kpi(t('familyForecast.floorGap'), f.floorGap === null ? '—' : h('span', { id: 'family-floor-gap' }, moneySummary(f.floorGap, f.currency)), null,
        f.floorGap > 0 ? 'danger' : f.floorGap === 0 ? 'ok' : null),
      kpi(t('familyForecast.gap'), moneySummary(f.gap, f.currency)),
      kpi(t('familyForecast.pipeline'), moneySummary(f.pipeline, f.currency)),
      kpi(t('familyForecast.weighted'), moneySummary(f.weightedPipeline, f.currency)));
  });
  const select = h('select', { id: 'family-select', 'aria-label': t('familyForecast.family'), onChange: e => { family = e.target.value; reload(); } },
    families.map(f => h('option', { value: f }, f)));
  await reload();
  return h('section', { class: 'card family-forecast', id: 'family-forecast' },
    h('header', { class: 'card-header' }, h('h2', null, t('familyForecast.title')), families.length ? select : null), body);
}
