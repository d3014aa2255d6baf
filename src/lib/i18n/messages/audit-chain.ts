/**
 * UI text of the audit log's integrity check (issue 21): the administrator's line "audit log
 * intact up to event N, checked at …", or the first break, prominent. Estonian first; the
 * Russian (polite «Вы», the terms of docs/glossary.md) and English records have the same keys.
 */
export const et = {
	'auditchain.title': 'Logi terviklikkus',
	'auditchain.intact': 'Logi on terviklik kuni sündmuseni {event}, kontrollitud {checked}.',
	'auditchain.intact_empty': 'Logis ei ole veel sündmusi; kontrollitud {checked}.',
	'auditchain.not_checked':
		'Logi terviklikkust ei ole veel kontrollitud. Kontroll käib igal ööl ja varsti pärast serveri käivitamist.',
	'auditchain.broken': 'Logi ahel on katki sündmuse {event} juures: {reason}',
	'auditchain.broken_upto': 'Terviklik kuni sündmuseni {event}. Kontrollitud {checked}.',
	'auditchain.broken_todo':
		'Keegi on logi muutnud rakendusest mööda minnes. Teatage sellest kohe andmekaitse eest vastutajale ning hoidke andmebaas ja varukoopiad muutmata.',
	'auditchain.reason.changed': 'sündmuse sisu on pärast kirjutamist muudetud.',
	'auditchain.reason.missing': 'sündmus on pärast kirjutamist kustutatud.',
	'auditchain.reason.link': 'ahela lüli on ümber kirjutatud või vahele lisatud.',
	'auditchain.reason.gap': 'sellele eelnev ahela lüli on eemaldatud.',
	'auditchain.reason.unchained': 'sündmus on lisatud ahelast mööda minnes.'
};

export const ru: Record<keyof typeof et, string> = {
	'auditchain.title': 'Целостность журнала',
	'auditchain.intact': 'Журнал не нарушен до события {event}, проверено {checked}.',
	'auditchain.intact_empty': 'В журнале ещё нет событий; проверено {checked}.',
	'auditchain.not_checked':
		'Целостность журнала ещё не проверялась. Проверка выполняется каждую ночь и вскоре после запуска сервера.',
	'auditchain.broken': 'Цепочка журнала нарушена на событии {event}: {reason}',
	'auditchain.broken_upto': 'Не нарушена до события {event}. Проверено {checked}.',
	'auditchain.broken_todo':
		'Кто-то изменил журнал в обход приложения. Пожалуйста, немедленно сообщите об этом ответственному за защиту данных и сохраните базу данных и резервные копии без изменений.',
	'auditchain.reason.changed': 'содержание события изменено после записи.',
	'auditchain.reason.missing': 'событие удалено после записи.',
	'auditchain.reason.link': 'звено цепочки переписано или вставлено.',
	'auditchain.reason.gap': 'предшествующее звено цепочки удалено.',
	'auditchain.reason.unchained': 'событие добавлено в обход цепочки.'
};

export const en: Record<keyof typeof et, string> = {
	'auditchain.title': 'Audit log integrity',
	'auditchain.intact': 'Audit log intact up to event {event}, checked at {checked}.',
	'auditchain.intact_empty': 'The audit log has no events yet; checked at {checked}.',
	'auditchain.not_checked':
		'The audit log has not been checked yet. The check runs every night and soon after the server starts.',
	'auditchain.broken': 'The audit log’s chain is broken at event {event}: {reason}',
	'auditchain.broken_upto': 'Intact up to event {event}. Checked at {checked}.',
	'auditchain.broken_todo':
		'Someone changed the log behind the application’s back. Tell the data protection officer at once, and keep the database and its backups unchanged.',
	'auditchain.reason.changed': 'the event’s content was changed after it was written.',
	'auditchain.reason.missing': 'the event was deleted after it was written.',
	'auditchain.reason.link': 'a link of the chain was rewritten or put in between.',
	'auditchain.reason.gap': 'the link before it was removed.',
	'auditchain.reason.unchained': 'the event was added behind the chain’s back.'
};
