// contracts-api's role rules (ContractAccess), for the collections page and the contract page's milestones.
import { hasRole, SALES_ROLES } from '../session.js';

/** Money = payments and invoices; follow-ups = sales side and finance. */
export const canMoney = () => hasRole('admin', 'finance');
export const canFollowUp = () => hasRole(...SALES_ROLES, 'finance');
