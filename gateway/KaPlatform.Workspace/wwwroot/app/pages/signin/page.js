// Sign-in: locally, pick one of the demo users (the gateway issues a dev token); anywhere, paste a token issued by
// the organisation's identity provider.
import { h } from '../../dom.js';
import { t, label } from '../../i18n.js';
import { api } from '../../api.js';
import { signIn, signOut, describe } from '../../session.js';
import { defineStrings } from '../../common.js';
import { card, errorPanel } from '../../components.js';
import { startSignIn } from '../../auth/oidc.js';
import '../../auth/strings.js';

defineStrings({
  'signin.title': ['Sign in', '登录'],
  'signin.lead': ['Key-account management: plan, acquire, win, collect, renew.', '大客户管理：计划、获客、拿单、回款、续单。'],
  'signin.demo': ['Demo users (local runs only)', '演示用户（仅限本地运行）'],
  'signin.as': ['Sign in as {name}', '以 {name} 登录'],
  'signin.token': ['Token from your identity provider', '来自身份提供方的令牌'],
  'signin.tokenHint': ['Paste the access token (JWT) your organisation\'s sign-in issued.', '粘贴贵公司身份系统签发的访问令牌（JWT）。'],
  'signin.useToken': ['Use this token', '使用此令牌'],
  'signin.badToken': ['This is not a valid access token.', '这不是有效的访问令牌。'],
  'signin.expiredToken': ['This token has expired.', '该令牌已过期。'],
  'signin.expired': ['Your session has ended. Please sign in again.', '登录已过期，请重新登录。'],
});

export default {
  async render({ query, navigate, config }) {
    signOut();
    const problem = h('div', { class: 'signin-problem' });
    const done = () => navigate(query.next && query.next.startsWith('/') ? query.next : '/accounts');

    const demo = config.devTokens && config.demoUsers.length
      ? card(t('signin.demo'), h('div', { class: 'user-picker' }, config.demoUsers.map(user =>
        h('button', {
          type: 'button', class: 'user-card', dataset: { role: user.role, userId: user.userId },
          'aria-label': t('signin.as', { name: user.name }),
          onClick: async () => {
            try {
              const { accessToken } = await api('/api/dev/token', {
                method: 'POST', body: { userId: user.userId, name: user.name, roles: [user.role], region: user.region },
              });
              signIn(accessToken);
              done();
            } catch (error) {
              problem.replaceChildren(errorPanel(error));
            }
          },
        }, h('strong', null, user.name), h('span', null, label('role', user.role)), user.region ? h('small', null, user.region) : null))))
      : null;

    const startProvider = () => startSignIn(config, query.next && query.next.startsWith('/') ? query.next : '/accounts')
      .catch(error => problem.replaceChildren(errorPanel(error)));
    // With a provider and no dev tokens there is nothing to choose here: straight on to the provider, which signs the
    // person in again without asking while its own session lasts. A failed attempt stays here, so it cannot loop.
    if (config.oidc && !config.devTokens && !query.failed) startProvider();
    const provider = config.oidc
      ? card(t('signin.provider'), h('div', { class: 'form' },
        h('small', null, t('signin.providerHint', { authority: new URL(config.oidc.authority).host })),
        h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'primary', id: 'sign-in-provider', onClick: startProvider }, t('signin.provider')))))
      : null;

    const tokenInput = h('textarea', { id: 'token-input', rows: 4, placeholder: 'eyJhbGciOi…', 'aria-label': t('signin.token') });
    const tokenForm = card(t('signin.token'), h('form', {
      class: 'form', onSubmit: event => {
        event.preventDefault();
        try {
          const user = describe(tokenInput.value);
          if (user.expiresAt && user.expiresAt < Date.now()) throw new Error(t('signin.expiredToken'));
          signIn(tokenInput.value);
          done();
        } catch (error) {
          problem.replaceChildren(h('div', { class: 'error-panel', role: 'alert' }, error.message.startsWith('This') || error.message.startsWith('该') ? error.message : t('signin.badToken')));
        }
      },
    }, h('small', null, t('signin.tokenHint')), tokenInput, h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary' }, t('signin.useToken')))));

    return h('div', { class: 'signin' },
      h('h1', null, t('signin.title')), h('p', { class: 'lead' }, t('signin.lead')),
      query.expired ? h('div', { class: 'notice' }, t('signin.expired')) : null,
      query.failed ? h('div', { class: 'notice' }, t('signin.failed')) : null,
      problem, provider, demo, tokenForm);
  },
};
