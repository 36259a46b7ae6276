// The sign-in screen's words for provider sign-in (zh-CN and English).
import { defineStrings } from '../common.js';

defineStrings({
  'signin.provider': ['Sign in with your organisation account', '使用企业账号登录'],
  'signin.providerHint': ['You will be sent to the sign-in page of {authority} and back.', '将跳转到 {authority} 的登录页面，完成后返回。'],
  'signin.failed': ['Sign-in did not complete. Please try again.', '登录未完成，请重试。'],
  'signin.signedOut': ['You have signed out.', '您已退出登录。'],
});
