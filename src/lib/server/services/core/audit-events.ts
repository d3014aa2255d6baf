import type { AUDIT_ACTIONS, AuditAction, AuditOutcome } from './audit';

/**
 * The audit events and the shape of each one's `details` (issue 18). An audit row never holds
 * personal data — no names, free text, phone numbers or isikukoods — only ids, codes, counts
 * and field names; this file says so to the compiler: a writer can only pass the keys its
 * action lists, and none of them is a place for a name or a text someone typed.
 *
 * Adding an action: add it to `AUDIT_ACTIONS` (core/audit.ts), then here (the compiler refuses
 * a listed action without a shape), and give it a label in messages/audit.ts. An action not in
 * the list is still written (the tests' own markers, a new area's first events), with the
 * loose `OtherDetails`.
 */

/** The listed actions. */
export type KnownAuditAction = (typeof AUDIT_ACTIONS)[number];

/** A record's id (uuid), never a name. */
type Id = string;
/** A code from one of the app's closed lists (a status, a kind, a format, a reason). */
type Code = string;
/** Names of fields or columns (what changed or was filtered), never their values. */
type FieldNames = string[];
/** A calendar day or month (`2026-05-31`, `2026-05`) of a record, not a birthday. */
type Day = string;
/** Numbers of rows, keyed by what was counted. */
type Counts = { [what: string]: number };

/** What every refusal adds (core/access.ts `authorize`, `deniedNotFound`, core/versions.ts). */
type Refusal = {
	/** The permission that was refused (policy/policy.ts `Action`). */
	permission?: Code | null;
	/** Why: `not_found`, `anonymised`, `stale_version`, `throttled`, … */
	reason?: Code;
	/** The version of the record the refused edit was made from. */
	version?: number;
};

/** An event with nothing more to say than its action, record and outcome. */
type Plain = Refusal;
/** A list or a page of one: rows shown, the page, which filters were set. */
type ListShown = Refusal & { count?: number; page?: number; filters?: FieldNames };
/** A record changed: the names of the fields that did. */
type Changed = Refusal & { fields?: FieldNames };
/** A status step (a pairing's, a volunteer's, a claim's). */
type Step = Refusal & { from?: Code; to?: Code };
/** A list downloaded as a file. */
type ListDownload = Refusal & {
	count: number;
	format: Code;
	filters: FieldNames;
	/** Whether the identifying columns were in it (not the identifiers themselves). */
	identifiers: boolean;
};
/** A client's or volunteer's form saved. */
type PersonSaved = Changed & {
	/** Fields filled in from elsewhere (their names). */
	prefilled?: FieldNames;
	duplicateConfirmed?: boolean;
	duplicatesConfirmed?: boolean;
	duplicateOf?: Id[];
};
type PairingStep = Step & { clientId?: Id; fields?: FieldNames };
type Exclusion = Refusal & { volunteerId: Id; exclusionId: Id };
type DiaryEntry = Refusal & {
	diaryEntryId?: Id | null;
	pairingId?: Id | null;
	fields?: FieldNames;
	fromPaper?: boolean;
	flagged?: boolean;
	/** Versions shown with an entry (a count). */
	versions?: number;
	form?: 'diary';
};
type Trip = Refusal & {
	tripId?: Id;
	tripIds?: Id[];
	claimId?: Id | null;
	clientId?: Id | null;
	returnTrip?: boolean;
	fields?: FieldNames;
};
type Claim = Step & {
	volunteerId?: Id;
	tripIds?: Id[];
	reimbursableTrips?: number;
	format?: Code;
};
/** A rate of a municipality (none: the national rate). */
type Rate = Refusal & { municipalityId?: Id | null; validFrom?: Day; hasCap?: boolean };
/** A document: its id, kind and pairing (documents/owners.ts `ownerDetails`). */
export type DocumentDetails = Refusal & {
	documentId?: Id;
	kind?: Code;
	pairingId?: Id;
	mediaType?: Code;
	sizeBytes?: number;
	count?: number;
};
type Survey = Refusal & {
	count?: number;
	surveyResponseId?: Id;
	version?: number;
	onPaper?: boolean;
};
type Partner = Changed & ListShown & { contactId?: Id };
type Application = Refusal & {
	channel?: Code;
	/** The recruitment channel whose link the application came through (R-VOL-1). */
	recruitmentChannelId?: Id;
	locale?: Code;
	/** How many questions were answered (not the answers). */
	answers?: number;
	count?: number;
	page?: number;
	status?: Code;
	rearranged?: boolean;
	/** Whether interview notes were written (not the notes). */
	notes?: boolean;
	corrected?: boolean;
	volunteerId?: Id;
	documentsMoved?: number;
	documentsDeleted?: number;
	interviewed?: boolean;
};
type Analysis = Refusal & {
	from?: Day;
	to?: Day;
	national?: boolean;
	view?: 'programme';
	counties?: number | 'all';
	table?: Code;
	format?: Code;
	rows?: number;
};
type Report = Refusal & {
	quarter?: Code;
	cutoffAt?: string;
	sha256?: string;
	files?: number;
	reproducedFrom?: Id;
	bytes?: number;
	integrity?: boolean;
	columns?: FieldNames;
	/** The package's totals (`clientsServed`, `contacts`, …): numbers only. */
	[total: string]: string | number | boolean | FieldNames | undefined;
};
/** An experience story (issue 22): its people are ids, its text never. */
type Story = Changed & {
	count?: number;
	people?: number;
	personId?: Id;
	volunteerId?: Id;
	clientId?: Id;
	documentId?: Id;
	anonymous?: boolean;
	unpublished?: boolean;
};
/** A month of a paper diary (R-PAIR-8): its ids, the month and the number of pages. */
type PaperDiary = Refusal & {
	paperDiaryMonthId?: Id;
	pairingId?: Id;
	clientId?: Id;
	month?: Day;
	pages?: number;
	/** A resubmitted form found the month already recorded (nothing was written). */
	repeat?: boolean;
};
/** A printable form (issue 22): which one, in which language, with names or blank. */
type FormDownload = Refusal & { form?: Code; locale?: Code; blank?: boolean; clientId?: Id };
/** A consent (issue 24): its id, purpose and how it was given; never the person's name. */
type Consent = Refusal & {
	count?: number;
	consentId?: Id;
	purpose?: Code;
	method?: Code;
	document?: boolean;
	unpublished?: number;
};
/** Retention (issue 24): rules, clocks, holds, runs and register rows by id, code and count. */
type Retention = Changed & {
	ruleKey?: Code;
	changeId?: Id;
	clock?: Code;
	day?: Day;
	holdId?: Id;
	clientId?: Id | null;
	volunteerId?: Id | null;
	reason?: Code;
	runId?: Id;
	itemKind?: Code;
	itemId?: Id;
	count?: number;
	rows?: number;
	files?: number;
	destroyed?: number;
	anonymised?: number;
	held?: number;
	format?: Code;
	days?: number;
	page?: number;
};
/** A recruitment channel (issue 22): its kind and whether it has a message, never the text. */
type Channel = Changed & {
	count?: number;
	quarter?: Code;
	kind?: Code;
	message?: boolean;
};
/**
 * An intake item (issue 22, R-MAP-3): ids, the source, counts and its age in days; never the
 * note. A destruction keeps only this, so the log shows that and when, not what.
 */
type Intake = Changed & {
	count?: number;
	source?: Code;
	documents?: number;
	clientId?: Id;
	ageDays?: number;
	overdue?: boolean;
};
type ProgrammeEvent = Changed & {
	kind?: Code;
	cancelled?: boolean;
	participants?: number;
	count?: number;
	attended?: number;
	absent?: number;
	volunteerId?: Id;
	response?: Code;
};
type PartnerMeeting = Changed & {
	count?: number;
	participants?: number;
	participantId?: Id;
	contactId?: Id | null;
	recordingConsent?: boolean;
	followUpId?: Id;
};

/** Grants as `role:countyId:volunteerId` keys (admin/grants.ts `grantKey`). */
type Grants = Refusal & { added?: Code[]; removed?: Code[] };

/** Each action and the shape of its `details`. */
type DetailsByAction = {
	'auth.login': Plain;
	'auth.login_failed': Plain;
	'auth.logout': Plain;
	'auth.logout_everywhere': Plain;
	'auth.password_changed': Plain;
	'auth.password_reset_requested': Refusal & { sent?: boolean };
	'auth.password_reset': Plain;
	'auth.setup_admin': Refusal & { via: 'environment' | 'setup_link' };
	'user.invite': Refusal & {
		roles?: Code[];
		counties?: Id[];
		volunteerId?: Id;
		resend?: boolean;
	};
	'user.accept_invite': Plain;
	'user.update': Changed;
	'user.disable': Refusal & { previousStatus?: Code };
	'user.enable': Refusal & { status?: Code };
	/** Grants as `role:countyId:volunteerId` keys. */
	'user.grant': Grants;
	'user.revoke': Grants;
	'user.list': ListShown;
	'user.view': Plain;
	'client.list': ListShown & { volunteerId?: Id; view?: 'home'; list?: 'surveys_due' };
	'client.view': Refusal & { form?: 'edit'; page?: 'anonymise' | 'extract' };
	'client.create': PersonSaved;
	'client.update': PersonSaved;
	'client.export': ListDownload;
	'client.access_log_view': ListShown;
	'volunteer.list': ListShown & { filter?: 'contract_original_late'; purpose?: 'account_form' };
	'volunteer.view': Refusal & { part?: 'profile' };
	'volunteer.create': Refusal & { applicationId?: Id };
	'volunteer.update': PersonSaved;
	'volunteer.export': ListDownload;
	'volunteer.invite': Refusal & { userId?: Id };
	'pairing.create': Refusal & {
		clientId?: Id;
		volunteerId?: Id;
		status?: Code;
		chosenRank?: number | null;
		/** Whether a note was written (not the note). */
		note?: boolean;
	};
	'pairing.end': PairingStep;
	'pairing.suggest': ListShown & { candidates?: number };
	'pairing.view': PairingStep;
	'pairing.introduce': PairingStep;
	'pairing.activate': PairingStep;
	'pairing.pause': PairingStep;
	'pairing.resume': PairingStep;
	'pairing.closing_interview': PairingStep;
	'client.exclusion_add': Exclusion;
	'client.exclusion_remove': Exclusion;
	'diary.view': DiaryEntry & ListShown;
	'diary.create': DiaryEntry;
	'diary.update': DiaryEntry;
	'diary.remove': DiaryEntry;
	'diary.draft_save': DiaryEntry;
	'diary.draft_discard': DiaryEntry;
	'audit.view': ListShown;
	'reference.view': ListShown;
	'reference.update': Changed;
	/** Rows written, by table. */
	'demo.load': Counts;
	'mileage.log_view': Refusal & { month?: Day; count?: number };
	'mileage.trip_create': Trip;
	'mileage.trip_view': Trip;
	'mileage.trip_update': Trip;
	'mileage.trip_delete': Trip;
	'mileage.claim_list': ListShown;
	'mileage.claim_view': Claim;
	'mileage.claim_submit': Claim;
	'mileage.claim_approve': Claim;
	'mileage.claim_return': Claim;
	'mileage.claim_pay': Claim;
	'mileage.claim_download': Claim;
	'mileage.summary_export': Refusal & {
		month?: Day;
		format?: Code;
		count?: number;
		claimIds?: Id[];
	};
	'mileage.rate_create': Rate;
	'mileage.rate_delete': Rate;
	'document.upload': DocumentDetails;
	'document.list': DocumentDetails;
	'document.download': DocumentDetails;
	'document.delete': DocumentDetails;
	'survey.view': Survey;
	'survey.enter': Survey;
	'survey.paper_destroyed': Survey;
	'client.extract': Refusal & { format?: Code };
	/** What was anonymised or removed, counted. */
	'client.anonymise': Counts;
	/** The attention page's counts, by list. */
	'attention.view': Counts;
	'diary.flag_seen': DiaryEntry;
	'settings.view': Plain;
	'settings.update': Changed;
	'client.duplicate_warning': Refusal & { duplicateIds: Id[] };
	'partner.list': Partner;
	'partner.view': Partner;
	'partner.create': Partner;
	'partner.update': Partner;
	'partner.archive': Partner;
	'partner.restore': Partner;
	'partner.contact_add': Partner;
	'partner.contact_remove': Partner;
	'application.submit': Application;
	'application.create': Application;
	'application.list': Application;
	'application.view': Application;
	'application.interview_arranged': Application;
	'application.interviewed': Application;
	'application.selected': Application;
	'application.not_selected': Application;
	'volunteer.status_change': Step;
	'analysis.view': Analysis;
	'analysis.download': Analysis;
	'report.create': Report;
	'report.download': Report;
	'report.settings_update': Report;
	'handover.export': Refusal & { clients?: number; documents?: number };
	/** The route (its id, not its path), the method and the answer's status. */
	'route.denied': Refusal & { route?: string | null; method?: Code; status?: number };
	'event.list': ProgrammeEvent;
	'event.create': ProgrammeEvent;
	'event.update': ProgrammeEvent;
	'event.cancel': ProgrammeEvent;
	'event.view': ProgrammeEvent;
	'event.invite': ProgrammeEvent;
	'event.attendance': ProgrammeEvent;
	'event.respond': ProgrammeEvent;
	'partner_meeting.list': PartnerMeeting;
	'partner_meeting.create': PartnerMeeting;
	'partner_meeting.update': PartnerMeeting;
	'partner_meeting.view': PartnerMeeting;
	'partner_meeting.participant_add': PartnerMeeting;
	'partner_meeting.consent': PartnerMeeting;
	'partner_meeting.participant_remove': PartnerMeeting;
	'partner_meeting.follow_up_add': PartnerMeeting;
	'partner_meeting.follow_up_done': PartnerMeeting;
	'support.view': Refusal & { entries?: number };
	'support.add': Refusal & { entryId?: Id; kind?: Code };
	'story.list': Story;
	'story.create': Story;
	'story.update': Story;
	'story.view': Story;
	'story.person_add': Story;
	'story.person_remove': Story;
	'story.consent': Story;
	'story.consent_withdraw': Story;
	'story.publish': Story;
	'story.unpublish': Story;
	'story.photo': Story & { mediaType?: Code; sizeBytes?: number; replaced?: boolean };
	'story.photo_remove': Story;
	'paper_diary.receive': PaperDiary;
	'paper_diary.entered': PaperDiary;
	'paper_diary.destroyed': PaperDiary;
	'pairing.form_download': FormDownload;
	'consent.list': Consent;
	'consent.record': Consent;
	'consent.withdraw': Consent;
	'volunteer.extract': Refusal & { format?: Code };
	'retention.view': Retention;
	'retention.rule_update': Retention;
	'retention.clock_set': Retention;
	'retention.hold_place': Retention;
	'retention.hold_lift': Retention;
	'retention.run': Retention;
	'retention.destroy': Retention;
	'retention.register_view': Retention;
	'retention.register_download': Retention;
	'channel.list': Channel;
	'channel.view': Channel;
	'channel.create': Channel;
	'channel.update': Channel;
	'channel.archive': Channel;
	'channel.unarchive': Channel;
	'intake.list': Intake;
	'intake.view': Intake;
	'intake.create': Intake;
	'intake.attach': Intake;
	'intake.destroy': Intake;
};

/** Details of an action not in the list: ids, counts and field names, as before the shapes. */
export type OtherDetails = Record<string, string | number | boolean | null | string[]>;

/** The `details` of action `A` (a listed action without a shape above does not compile). */
export type AuditDetailsOf<A extends AuditAction> = A extends KnownAuditAction
	? DetailsByAction[A]
	: OtherDetails;

/** Any event's `details`. */
export type AuditDetails = DetailsByAction[KnownAuditAction] | OtherDetails;

/** One event of action `A`, as `recordAudit` takes it. */
export type AuditEventOf<A extends AuditAction> = {
	action: A;
	entityType?: string;
	entityId?: string | null;
	countyId?: string | null;
	outcome?: AuditOutcome;
	details?: AuditDetailsOf<A>;
	/** Who acted when there is no logged-in actor yet (login, setup). */
	actorUserId?: string | null;
};

/** The listed audit events: a union discriminated by `action`, each with its own `details`. */
export type AuditEvent = { [A in KnownAuditAction]: AuditEventOf<A> }[KnownAuditAction];
