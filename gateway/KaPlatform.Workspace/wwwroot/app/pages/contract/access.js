// contracts-api's role rules (ContractAccess), so the page offers only what the caller's role may do; the API still
// decides, and the account scope is its business.
import { hasRole, SALES_ROLES } from '../../session.js';

/** Sign, deliveries, acceptance, PATCH: the sales roles. */
export const canExecute = () => hasRole(...SALES_ROLES);
/** Payment plan and evidence: the sales roles and finance. */
export const canPlan = () => hasRole(...SALES_ROLES, 'finance');
/** Payments and invoice requests: admin and finance. */
export const canMoney = () => hasRole('admin', 'finance');

export const STATUS_TONE = { draft: null, signed: 'info', in_execution: 'info', completed: 'ok', terminated: 'danger' };
export const MILESTONE_KINDS = ['down_payment', 'delivery', 'acceptance', 'warranty', 'custom'];
export const DUE_RULES = ['days_after_signing', 'days_after_delivery', 'days_after_acceptance', 'months_after_acceptance', 'fixed_date'];
export const EVIDENCE_KINDS = ['contract_copy', 'delivery_note', 'acceptance_certificate', 'sign_off', 'correspondence', 'invoice_receipt'];

