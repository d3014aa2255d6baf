// The message functions of the retention pages' run-time keys (issue 24): rules, actions, clock
// starts, clocks, hold reasons, register items, consent purposes, methods and states.
import { m } from '$lib/paraglide/messages';
import type { Keyset } from '../keyset';

export const retention_x: Keyset = {
	'retention.rule.application_not_selected': m['retention.rule.application_not_selected'],
	'retention.rule.survey_paper_scan': m['retention.rule.survey_paper_scan'],
	'retention.rule.paper_diary': m['retention.rule.paper_diary'],
	'retention.rule.mapping_unused': m['retention.rule.mapping_unused'],
	'retention.rule.client_on_request': m['retention.rule.client_on_request'],
	'retention.rule.client_handover': m['retention.rule.client_handover'],
	'retention.rule.volunteer_contract': m['retention.rule.volunteer_contract'],
	'retention.rule.meeting_recording': m['retention.rule.meeting_recording'],
	'retention.rule.meeting_minutes': m['retention.rule.meeting_minutes'],
	'retention.rule.training_material': m['retention.rule.training_material'],
	'retention.rule.consent_document': m['retention.rule.consent_document'],
	'retention.action.destroy': m['retention.action.destroy'],
	'retention.action.anonymise': m['retention.action.anonymise'],
	'retention.action.keep': m['retention.action.keep'],
	'retention.start.entry': m['retention.start.entry'],
	'retention.start.decision': m['retention.start.decision'],
	'retention.start.pairing_end': m['retention.start.pairing_end'],
	'retention.start.contract_end': m['retention.start.contract_end'],
	'retention.start.project_end': m['retention.start.project_end'],
	'retention.start.handover': m['retention.start.handover'],
	'retention.clock.project_end': m['retention.clock.project_end'],
	'retention.clock.contract_end': m['retention.clock.contract_end'],
	'retention.clock.handover': m['retention.clock.handover'],
	'retention.hold_reason.complaint': m['retention.hold_reason.complaint'],
	'retention.hold_reason.court': m['retention.hold_reason.court'],
	'retention.hold_reason.authority': m['retention.hold_reason.authority'],
	'retention.hold_reason.other': m['retention.hold_reason.other'],
	'retention.item.survey_scan': m['retention.item.survey_scan'],
	'retention.item.client': m['retention.item.client'],
	'retention.item.application': m['retention.item.application'],
	'retention.did.destroyed': m['retention.did.destroyed'],
	'retention.did.anonymised': m['retention.did.anonymised']
};

export const consent_x: Keyset = {
	'consents.purpose.processing': m['consents.purpose.processing'],
	'consents.purpose.recording': m['consents.purpose.recording'],
	'consents.purpose.story': m['consents.purpose.story'],
	'consents.purpose.survey_research': m['consents.purpose.survey_research'],
	'consents.method.paper_scan': m['consents.method.paper_scan'],
	'consents.method.application': m['consents.method.application'],
	'consents.method.first_meeting': m['consents.method.first_meeting'],
	'consents.state.given': m['consents.state.given'],
	'consents.state.withdrawn': m['consents.state.withdrawn'],
	'consents.state.missing': m['consents.state.missing']
};
