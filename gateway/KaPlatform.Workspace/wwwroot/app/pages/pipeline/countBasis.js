// Which date each pipeline figure counts by, said next to the figure: a forecast and a funnel for "Q4" mean different
// deals, and people compare them.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { defineStrings } from '../../common.js';

defineStrings({
  'basis.forecast': ['Counts won deals by their close date and open deals by their expected close date; lost deals only in the win rate.', '赢单按成交日期计入，在途商机按预计成交日期计入；丢单只计入赢率。'],
  'basis.funnel': ['Counts the deals opened (created) in the period, whatever their close date, and how far each got.', '按商机创建日期统计本期新建的商机（不论成交日期），以及各自推进到的阶段。'],
  'basis.directorScope': ['Only {name}’s deals on accounts in your region ({region}) are counted here. Deals {name} has in other regions are not counted, and are not shown to you: that region’s director sees them.', '此处只统计 {name} 在您所辖区域（{region}）客户上的商机；{name} 在其他区域的商机不计入，也不向您显示，由该区域总监查看。'],
});

/** For a sales director looking at one seller: the region limit, said where the numbers are. */
export const directorScope = (name, region) => h('p', { class: 'notice small count-basis', id: 'director-scope' }, t('basis.directorScope', { name, region }));

export const forecastBasis = () => h('p', { class: 'muted small count-basis', dataset: { basis: 'forecast' } }, t('basis.forecast'));
export const funnelBasis = () => h('p', { class: 'muted small count-basis', dataset: { basis: 'funnel' } }, t('basis.funnel'));
