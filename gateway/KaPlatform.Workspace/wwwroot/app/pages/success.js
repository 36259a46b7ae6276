// Placeholder: built in the next step.
import { h } from '../dom.js';

export default {
  async render() {
    return h('p', { class: 'muted' }, 'success');
  },
};
