/** Badge tone per milestone status, the same on the battle map and the contract page. */
export const MILESTONE_TONE = { overdue: 'danger', due: 'warn', paid: 'ok', partially_paid: 'info', invoiced: 'info' };
