/**
 * UI text of the documents service (R-DOC-1) and of list downloads (R-ROLE-4): document
 * kinds, the documents section of a record page, the upload form and its errors. The
 * services use the `document.error.*` keys as messages.
 */
export const et = {
	'document.kind.application': 'Avaldus',
	'document.kind.interview_notes': 'Vestluse märkmed',
	'document.kind.criminal_record_extract': 'Karistusregistri väljavõte',
	'document.kind.contract': 'Leping',
	'document.kind.consent': 'Nõusolek',
	'document.kind.goodwill_agreement': 'Heatahtlikkuse kokkulepe',
	'document.kind.survey_scan': 'Küsitluse skaneering',
	'document.kind.minutes': 'Koosoleku protokoll',
	'document.kind.training_material': 'Koolitusmaterjal',
	'document.kind.signature_sheet': 'Allkirjaleht',
	'document.kind.intake_form': 'Kaardistuse vorm või e-kiri',
	'document.kind.claim': 'Kulunõue',
	'document.kind.report': 'Aruanne',
	'document.kind.other': 'Muu dokument',

	'document.section.title': 'Dokumendid',
	'document.section.empty': 'Dokumente ei ole veel lisatud.',
	'document.col.kind': 'Liik',
	'document.col.name': 'Fail',
	'document.col.size': 'Suurus',
	'document.col.date': 'Lisatud',
	'document.col.uploader': 'Lisaja',
	'document.col.actions': 'Tegevused',
	'document.download': 'Laadi alla',
	'document.download_named': 'Laadi alla: {name}',
	'document.delete': 'Kustuta',
	'document.delete_named': 'Kustuta: {name}',
	'document.delete.confirm_label': 'Kinnitan, et fail kustutatakse jäädavalt',
	'document.deleted': 'Dokument on kustutatud.',
	'document.uploaded': 'Dokument on lisatud.',
	'document.size.bytes': '{n} B',
	'document.size.kb': '{n} kB',
	'document.size.mb': '{n} MB',

	'document.upload.title': 'Lisa dokument',
	'document.upload.kind': 'Dokumendi liik',
	'document.upload.file': 'Fail',
	'document.upload.file_hint': 'PDF, JPEG, PNG, DOCX või ODT, kuni {max} MB.',
	'document.upload.description': 'Kirjeldus (soovi korral)',
	'document.upload.description_hint':
		'Näiteks „allkirjastatud 12.11.2026“. Ära kirjuta siia isikukoodi.',
	'document.upload.submit': 'Lisa dokument',

	'document.error.no_file': 'Valige fail, mida lisada.',
	'document.error.empty': 'Fail on tühi. Valige õige fail.',
	'document.error.too_large': 'Fail on liiga suur. Lubatud on kuni {max} MB.',
	'document.error.type': 'Sellist faili ei saa lisada. Lubatud on PDF, JPEG, PNG, DOCX ja ODT.',
	'document.error.not_what_name_says':
		'Faili sisu ei vasta selle nimele: fail on ümber nimetatud või vigane. Lubatud on PDF, JPEG, PNG, DOCX ja ODT.',
	'document.error.broken':
		'Fail on vigane või pooleli (näiteks katkes üleslaadimine). Salvestage või skannige see uuesti.',
	'document.error.kind': 'Valige dokumendi liik.',
	'document.error.integrity': 'Salvestatud fail on kahjustunud. Teatage sellest administraatorile.',
	'document.error.storage_key': 'Faili asukoht ei ole lubatud.',
	'document.error.upload_failed': 'Faili ei õnnestunud lisada. Palun proovige uuesti.',

	'download.title': 'Laadi nimekiri alla',
	'download.csv': 'Laadi alla (CSV)',
	'download.xlsx': 'Laadi alla (Excel)',
	'download.hint':
		'Allalaaditav fail sisaldab praeguse otsingu ja filtrite kirjeid. Allalaadimine logitakse.'
};

export const en: Record<keyof typeof et, string> = {
	'document.kind.application': 'Application',
	'document.kind.interview_notes': 'Interview notes',
	'document.kind.criminal_record_extract': 'Criminal record extract',
	'document.kind.contract': 'Contract',
	'document.kind.consent': 'Consent',
	'document.kind.goodwill_agreement': 'Good-will agreement',
	'document.kind.survey_scan': 'Survey scan',
	'document.kind.minutes': 'Meeting minutes',
	'document.kind.training_material': 'Training material',
	'document.kind.signature_sheet': 'Signature sheet',
	'document.kind.intake_form': 'Mapping form or e-mail',
	'document.kind.claim': 'Expense claim',
	'document.kind.report': 'Report',
	'document.kind.other': 'Other document',

	'document.section.title': 'Documents',
	'document.section.empty': 'No documents yet.',
	'document.col.kind': 'Kind',
	'document.col.name': 'File',
	'document.col.size': 'Size',
	'document.col.date': 'Added',
	'document.col.uploader': 'Added by',
	'document.col.actions': 'Actions',
	'document.download': 'Download',
	'document.download_named': 'Download: {name}',
	'document.delete': 'Delete',
	'document.delete_named': 'Delete: {name}',
	'document.delete.confirm_label': 'I confirm the file is deleted for good',
	'document.deleted': 'The document has been deleted.',
	'document.uploaded': 'The document has been added.',
	'document.size.bytes': '{n} B',
	'document.size.kb': '{n} kB',
	'document.size.mb': '{n} MB',

	'document.upload.title': 'Add a document',
	'document.upload.kind': 'Kind of document',
	'document.upload.file': 'File',
	'document.upload.file_hint': 'PDF, JPEG, PNG, DOCX or ODT, up to {max} MB.',
	'document.upload.description': 'Description (optional)',
	'document.upload.description_hint':
		'For example “signed 12.11.2026”. Do not write an isikukood here.',
	'document.upload.submit': 'Add document',

	'document.error.no_file': 'Choose a file to add.',
	'document.error.empty': 'The file is empty. Choose the right file.',
	'document.error.too_large': 'The file is too large. Up to {max} MB is allowed.',
	'document.error.type':
		'This kind of file cannot be added. PDF, JPEG, PNG, DOCX and ODT are allowed.',
	'document.error.not_what_name_says':
		'The file’s content does not match its name: it has been renamed or is damaged. PDF, JPEG, PNG, DOCX and ODT are allowed.',
	'document.error.broken':
		'The file is damaged or incomplete (for example an interrupted transfer). Save or scan it again.',
	'document.error.kind': 'Choose the kind of document.',
	'document.error.integrity': 'The stored file is damaged. Please tell the administrator.',
	'document.error.storage_key': 'This file location is not allowed.',
	'document.error.upload_failed': 'The file could not be added. Please try again.',

	'download.title': 'Download the list',
	'download.csv': 'Download (CSV)',
	'download.xlsx': 'Download (Excel)',
	'download.hint':
		'The file holds the records of the current search and filters. Downloads are logged.'
};
