/**
 * UI text of mapping clients (issue 3, R-MAP-1…4): the client form (general entry, personal
 * data, expectations of a volunteer, referral, consent, status), the client summary and the
 * list's filters. Services use the `mapping.*` and `client.*` keys here as error messages.
 */
export const et = {
	'mapping.section.general': 'Üldandmed (ei tuvasta inimest)',
	'mapping.section.general_hint':
		'Kaardistamise alguses piisab üldandmetest: kus inimene elab, milline on tema olukord ja kes temast teada andis.',
	'mapping.section.personal': 'Isikuandmed',
	'mapping.section.personal_hint':
		'Lisage isikuandmed siis, kui sobiva vabatahtliku leidmine on tõenäoline. Isikuandmete kogumiseks on vaja inimese nõusolekut.',
	'mapping.section.expectations': 'Ootused vabatahtlikule',
	'mapping.section.expectations_hint':
		'Millist abi inimene soovib ja kui palju. Selle järgi otsitakse sobivat vabatahtlikku.',
	'mapping.section.referral': 'Kes andis teada',
	'mapping.section.consent': 'Nõusolek isikuandmete töötlemiseks',
	'mapping.section.consent_hint':
		'Allkirjastatud nõusoleku (skaneeritud või pildistatud) laadige üles abivajaja lehel dokumentide all, liigiks „Nõusolek“.',
	'mapping.section.status': 'Olek',
	'mapping.section.notes': 'Koordinaatori märkmed',

	'mapping.settlement': 'Asula',
	'mapping.settlement_hint': 'Küla, alevik või linn.',
	'mapping.street': 'Tänav ja maja',
	'mapping.living_situation': 'Elukorraldus',
	'mapping.living.alone': 'Elab üksi kodus',
	'mapping.living.with_family': 'Elab koos perega',
	'mapping.living.care_home': 'Elab hooldekodus',
	'mapping.living.other': 'Muu',
	'mapping.situation': 'Olukord ja vajadused',
	'mapping.situation_hint':
		'Üldiselt, ilma nimede ja isikukoodita: näiteks „eakas naine, liigub rolaatoriga, lapsed välismaal, tunneb end üksikuna“.',
	'mapping.referral_partner': 'Võrgustikupartner',
	'mapping.referral_partner_hint':
		'Asutus või organisatsioon, kes abivajajast teada andis. Puuduva partneri saab lisada võrgustikupartnerite lehel.',
	'mapping.referral_partner_option': '{name} ({kind})',
	'mapping.referral_person': 'Teatanud inimene',
	'mapping.referral_person_hint': 'Näiteks sotsiaaltöötaja, perearst või naaber, ja tema kontakt.',
	'mapping.referred_on': 'Teatamise kuupäev',
	'mapping.mapped_on': 'Kaardistatud',

	'mapping.gender': 'Sugu',
	'mapping.gender.female': 'Naine',
	'mapping.gender.male': 'Mees',
	'mapping.gender_hint': 'Täidetakse isikukoodi järgi, kui see on sisestatud.',
	'mapping.dob_hint': 'Kui isikukood on sisestatud, täidetakse sünniaeg selle järgi.',
	'mapping.languages': 'Keeled',
	'mapping.languages_hint': 'Millises keeles saab inimesega suhelda.',
	'mapping.language.et': 'eesti',
	'mapping.language.ru': 'vene',
	'mapping.language.other': 'muu',
	'mapping.language_other': 'Muu keel',
	'mapping.contact_person': 'Lähedane või kontaktisik',
	'mapping.contact_person_name': 'Kontaktisiku nimi',
	'mapping.contact_person_phone': 'Kontaktisiku telefon',
	'mapping.contact_person_relation': 'Kes ta on',
	'mapping.contact_person_relation_hint': 'Näiteks tütar, naaber, eestkostja.',

	'mapping.profiles': 'Soovitud abi',
	'mapping.profiles_hint': 'Võib valida mitu.',
	'mapping.profile.P1': 'P1 — vestluskaaslane, kes aitab ka praktilistes asjades',
	'mapping.profile.P2': 'P2 — vestluskaaslane inimlikuks toeks ja mõtestatud suhtluseks',
	'mapping.profile.P3': 'P3 — transport ja/või saatmine kodust väljas asjaajamisel',
	'mapping.profile.P4': 'P4 — tugiisik',
	'mapping.tasks': 'Konkreetsed ülesanded',
	'mapping.tasks_hint': 'Näiteks poes käimine, jalutamine, arsti juurde saatmine, koos lugemine.',
	'mapping.help_amount': 'Abi maht',
	'mapping.help_amount_number': 'Mitu',
	'mapping.help_amount_hint': 'Number 1–200.',
	'mapping.help_unit': 'Mida',
	'mapping.help_unit.visits': 'külastust',
	'mapping.help_unit.hours': 'tundi',
	'mapping.help_period': 'Mis ajas',
	'mapping.help_period.week': 'nädalas',
	'mapping.help_period.month': 'kuus',
	'mapping.help_amount_text': '{amount} {unit} {period}',
	'mapping.preferences': 'Eelistused',
	'mapping.preferred_gender': 'Vabatahtliku sugu',
	'mapping.preferred_language': 'Vabatahtliku keel',
	'mapping.no_preference': 'Pole oluline',
	'mapping.exclusions': 'Kodus',
	'mapping.exclusions_hint':
		'Vabatahtlikke, kellel on loomaallergia või kes ei talu suitsu, selle abivajajaga ei seota.',
	'mapping.has_pets': 'Kodus on lemmikloomi',
	'mapping.smokes_at_home': 'Kodus suitsetatakse',
	'mapping.notes_hint': 'Ainult koordinaatoritele. Vabatahtlik neid märkmeid ei näe.',

	'mapping.consent_given_on': 'Nõusoleku andmise kuupäev',
	'mapping.consent_given_on_hint': 'Kuupäev allkirjastatud nõusolekul.',
	'mapping.consent_missing': 'Nõusolek puudub',
	'mapping.consent_missing_hint':
		'Isikuandmetega kirjel peavad olema nii nõusoleku kuupäev kui ka üles laaditud allkirjastatud nõusolek.',
	'mapping.consent_complete': 'Nõusolek on olemas',
	'mapping.consent_not_needed': 'Üldandmetega kirjele nõusolekut ei ole vaja.',
	'mapping.consent_document': 'Allkirjastatud nõusolek',
	'mapping.consent_document_present': 'Üles laaditud',
	'mapping.consent_document_missing': 'Üles laadimata',
	'mapping.intake.title': 'Paberil või e-postiga saabunud teave',
	'mapping.intake.hint':
		'Skaneeritud kaardistamisankeet või PDF-ina salvestatud e-kiri: laadige see üles dokumentide all liigiga „Kaardistuse vorm või e-kiri“.',

	'mapping.status_new': 'Olek',
	'mapping.status_new_hint':
		'„Ootab vabatahtlikku“ siis, kui isikuandmed on olemas ja vabatahtlikku võib hakata otsima.',
	'mapping.status_hint': '„Seotud“ määratakse sidumisega. Lõpetamisel märkige kuupäev ja põhjus.',
	'mapping.status_paired_hint': 'Abivajajal on kehtiv sidumine: olek muutub sidumise lõpetamisel.',
	'mapping.ended_on': 'Lõpetamise kuupäev',
	'mapping.ended_on_hint': 'Ainult siis, kui teenus lõpeb.',
	'mapping.end_reason': 'Lõpetamise põhjus',
	'mapping.end_reason_hint': 'Lühidalt, näiteks „kolis hooldekodusse“ või „ei soovi enam abi“.',
	'mapping.waiting_since': 'Ootab alates',
	'mapping.waiting_days': '{days} päeva',
	'mapping.age_group': 'Vanuserühm',
	'mapping.age_group.under_65': 'alla 65',
	'mapping.age_group.65_74': '65–74',
	'mapping.age_group.75_84': '75–84',
	'mapping.age_group.85_plus': '85 ja vanemad',
	'mapping.general_entry': 'Üldandmed',
	'mapping.general_entry_hint':
		'See kirje ei tuvasta veel inimest. Isikuandmed saab lisada andmete muutmise lehel.',
	'mapping.yes': 'jah',
	'mapping.no': 'ei',

	'mapping.edit.link': 'Muuda andmeid',
	'mapping.edit.title': 'Muuda abivajaja andmeid',
	'mapping.edit.submit': 'Salvesta muudatused',
	'mapping.edit.anonymised': 'Anonüümseks muudetud abivajaja andmeid ei saa muuta.',
	'mapping.new.submit': 'Lisa abivajaja',

	'mapping.isikukood_future':
		'Isikukoodi järgi oleks inimene sündinud tulevikus. Kontrollige numbreid.',
	'mapping.dob_mismatch':
		'Sünniaeg ei klapi isikukoodiga. Parandage üks neist või jätke sünniaeg tühjaks, siis täidetakse see isikukoodi järgi.',
	'mapping.gender_mismatch':
		'Sugu ei klapi isikukoodiga. Parandage üks neist või jätke sugu valimata, siis täidetakse see isikukoodi järgi.',
	'mapping.dob_future': 'Sünniaeg ei saa olla tulevikus.',
	'mapping.date_future': 'Kuupäev ei saa olla tulevikus.',
	'mapping.help_amount_range': 'Sisestage täisarv 1 kuni 200.',
	'mapping.help_unit_required': 'Valige, kas külastused või tunnid.',
	'mapping.help_period_required': 'Valige, kas nädalas või kuus.',

	'mapping.duplicate.warning':
		'Sama inimene võib juba registris olla. Andmeid ei salvestatud. Kontrollige allolevaid kirjeid.',
	'mapping.duplicate.title': 'Võimalik topeltkirje',
	'mapping.duplicate.intro':
		'Registris on abivajaja, kellel on sama isikukood või sama nimi ja sünniaeg. Avage olemasolev kirje või, kui see on teine inimene, kinnitage see ja salvestage uuesti.',
	'mapping.duplicate.match_isikukood': 'sama isikukood',
	'mapping.duplicate.match_name_and_birth': 'sama nimi ja sünniaeg',
	'mapping.duplicate.confirm': 'Kontrollisin: see on teine inimene',
	'mapping.duplicate.confirm_needed':
		'Kinnitage, et see on teine inimene, või avage olemasolev kirje.',

	'mapping.list.filters': 'Abivajajate otsing ja filtrid',
	'mapping.list.search': 'Otsi nime või asula järgi',
	'mapping.list.search_hint_codes': 'Võib otsida ka isikukoodi järgi.',
	'mapping.list.profile': 'Soovitud abi',
	'mapping.list.waiting': 'Ootab vabatahtlikku',
	'mapping.list.waiting_over': 'vähemalt {days} päeva',
	'mapping.list.consent': 'Nõusolek',
	'mapping.list.consent_missing': 'Ainult need, kelle nõusolek puudub',
	'mapping.list.sort': 'Järjestus',
	'mapping.list.sort.name': 'Nime järgi',
	'mapping.list.sort.waiting': 'Kauem oodanud eespool',
	'mapping.list.column.place': 'Elukoht',
	'mapping.list.column.profiles': 'Soovitud abi',
	'mapping.list.column.waiting': 'Ootab',
	'mapping.list.column.consent': 'Nõusolek',
	'mapping.list.consent_ok': 'olemas',

	'client.status_not_manual':
		'Seda olekut ei saa käsitsi valida: „Seotud“ tuleb sidumisest ja „Anonüümitud“ andmete kustutamisest.',
	'client.status_not_allowed': 'Sellest olekust ei saa abivajajat sellesse olekusse viia.',
	'client.end.date_required': 'Teenuse lõpetamisel märkige lõpetamise kuupäev.',
	'client.end.date_future': 'Lõpetamise kuupäev ei saa olla tulevikus.',
	'client.end.reason_required': 'Teenuse lõpetamisel kirjutage lühidalt põhjus.'
};

export const ru: Record<keyof typeof et, string> = {
	'mapping.section.general': 'Общие данные (не позволяют установить личность)',
	'mapping.section.general_hint':
		'В начале выявления достаточно общих данных: где человек живёт, в какой он ситуации и кто о нём сообщил.',
	'mapping.section.personal': 'Персональные данные',
	'mapping.section.personal_hint':
		'Добавьте персональные данные, когда найти подходящего волонтёра вероятно. Для сбора персональных данных нужно согласие человека.',
	'mapping.section.expectations': 'Ожидания от волонтёра',
	'mapping.section.expectations_hint':
		'Какую помощь человек хочет получать и в каком объёме. По этим данным ищут подходящего волонтёра.',
	'mapping.section.referral': 'Кто сообщил',
	'mapping.section.consent': 'Согласие на обработку персональных данных',
	'mapping.section.consent_hint':
		'Подписанное согласие (скан или фото) загрузите на странице получателя помощи в разделе документов, вид — «Согласие».',
	'mapping.section.status': 'Статус',
	'mapping.section.notes': 'Заметки координатора',

	'mapping.settlement': 'Населённый пункт',
	'mapping.settlement_hint': 'Деревня, посёлок или город.',
	'mapping.street': 'Улица и дом',
	'mapping.living_situation': 'Условия проживания',
	'mapping.living.alone': 'Живёт дома один (одна)',
	'mapping.living.with_family': 'Живёт с семьёй',
	'mapping.living.care_home': 'Живёт в доме по уходу',
	'mapping.living.other': 'Другое',
	'mapping.situation': 'Ситуация и потребности',
	'mapping.situation_hint':
		'В общих словах, без имён и личного кода: например, «пожилая женщина, ходит с роллатором, дети за границей, чувствует себя одинокой».',
	'mapping.referral_partner': 'Социальный партнёр',
	'mapping.referral_partner_hint':
		'Учреждение или организация, которая сообщила о получателе помощи. Недостающего партнёра можно добавить на странице социальных партнёров.',
	'mapping.referral_partner_option': '{name} ({kind})',
	'mapping.referral_person': 'Сообщивший человек',
	'mapping.referral_person_hint':
		'Например, социальный работник, семейный врач или сосед, и его контактные данные.',
	'mapping.referred_on': 'Дата сообщения',
	'mapping.mapped_on': 'Дата выявления',

	'mapping.gender': 'Пол',
	'mapping.gender.female': 'Женский',
	'mapping.gender.male': 'Мужской',
	'mapping.gender_hint': 'Заполняется по личному коду, если он введён.',
	'mapping.dob_hint': 'Если введён личный код, дата рождения заполняется по нему.',
	'mapping.languages': 'Языки',
	'mapping.languages_hint': 'На каком языке можно общаться с человеком.',
	'mapping.language.et': 'эстонский',
	'mapping.language.ru': 'русский',
	'mapping.language.other': 'другой',
	'mapping.language_other': 'Другой язык',
	'mapping.contact_person': 'Близкий человек или контактное лицо',
	'mapping.contact_person_name': 'Имя контактного лица',
	'mapping.contact_person_phone': 'Телефон контактного лица',
	'mapping.contact_person_relation': 'Кем приходится',
	'mapping.contact_person_relation_hint': 'Например, дочь, сосед, опекун.',

	'mapping.profiles': 'Желаемая помощь',
	'mapping.profiles_hint': 'Можно выбрать несколько.',
	'mapping.profile.P1': 'P1 — собеседник, который помогает и в практических делах',
	'mapping.profile.P2': 'P2 — собеседник для человеческой поддержки и содержательного общения',
	'mapping.profile.P3': 'P3 — транспорт и/или сопровождение по делам вне дома',
	'mapping.profile.P4': 'P4 — опорное лицо',
	'mapping.tasks': 'Конкретные задачи',
	'mapping.tasks_hint':
		'Например, походы в магазин, прогулки, сопровождение к врачу, совместное чтение.',
	'mapping.help_amount': 'Объём помощи',
	'mapping.help_amount_number': 'Сколько',
	'mapping.help_amount_hint': 'Число от 1 до 200.',
	'mapping.help_unit': 'Единица',
	'mapping.help_unit.visits': 'визиты',
	'mapping.help_unit.hours': 'часы',
	'mapping.help_period': 'За какой период',
	'mapping.help_period.week': 'в неделю',
	'mapping.help_period.month': 'в месяц',
	'mapping.help_amount_text': '{unit}: {amount} {period}',
	'mapping.preferences': 'Пожелания',
	'mapping.preferred_gender': 'Пол волонтёра',
	'mapping.preferred_language': 'Язык волонтёра',
	'mapping.no_preference': 'Не важно',
	'mapping.exclusions': 'Дома',
	'mapping.exclusions_hint':
		'Волонтёров с аллергией на животных или тех, кто не переносит табачный дым, не назначают этому получателю помощи.',
	'mapping.has_pets': 'Дома есть домашние животные',
	'mapping.smokes_at_home': 'Дома курят',
	'mapping.notes_hint': 'Только для координаторов. Волонтёр эти заметки не видит.',

	'mapping.consent_given_on': 'Дата согласия',
	'mapping.consent_given_on_hint': 'Дата на подписанном согласии.',
	'mapping.consent_missing': 'Согласия нет',
	'mapping.consent_missing_hint':
		'У записи с персональными данными должны быть и дата согласия, и загруженное подписанное согласие.',
	'mapping.consent_complete': 'Согласие есть',
	'mapping.consent_not_needed': 'Для записи с общими данными согласие не требуется.',
	'mapping.consent_document': 'Подписанное согласие',
	'mapping.consent_document_present': 'Загружено',
	'mapping.consent_document_missing': 'Не загружено',
	'mapping.intake.title': 'Сведения, полученные на бумаге или по электронной почте',
	'mapping.intake.hint':
		'Отсканированную анкету выявления или электронное письмо, сохранённое в PDF, загрузите в разделе документов, вид — «Форма выявления или электронное письмо».',

	'mapping.status_new': 'Статус',
	'mapping.status_new_hint':
		'«Ждёт волонтёра» — когда персональные данные внесены и можно начинать искать волонтёра.',
	'mapping.status_hint':
		'Статус «Волонтёр назначен» устанавливается при назначении волонтёра. При завершении укажите дату и причину.',
	'mapping.status_paired_hint':
		'У получателя помощи есть действующее назначение волонтёра: статус изменится, когда назначение будет завершено.',
	'mapping.ended_on': 'Дата завершения',
	'mapping.ended_on_hint': 'Только если услуга заканчивается.',
	'mapping.end_reason': 'Причина завершения',
	'mapping.end_reason_hint':
		'Коротко, например «переехал(а) в дом по уходу» или «больше не хочет помощи».',
	'mapping.waiting_since': 'Ждёт с',
	'mapping.waiting_days': '{days} дн.',
	'mapping.age_group': 'Возрастная группа',
	'mapping.age_group.under_65': 'до 65',
	'mapping.age_group.65_74': '65–74',
	'mapping.age_group.75_84': '75–84',
	'mapping.age_group.85_plus': '85 и старше',
	'mapping.general_entry': 'Общие данные',
	'mapping.general_entry_hint':
		'По этой записи пока нельзя установить личность. Персональные данные можно добавить на странице изменения данных.',
	'mapping.yes': 'да',
	'mapping.no': 'нет',

	'mapping.edit.link': 'Изменить данные',
	'mapping.edit.title': 'Изменить данные получателя помощи',
	'mapping.edit.submit': 'Сохранить изменения',
	'mapping.edit.anonymised': 'Данные анонимизированного получателя помощи изменить нельзя.',
	'mapping.new.submit': 'Добавить получателя помощи',

	'mapping.isikukood_future': 'По личному коду человек родился бы в будущем. Проверьте цифры.',
	'mapping.dob_mismatch':
		'Дата рождения не совпадает с личным кодом. Исправьте одно из них или оставьте дату рождения пустой — тогда она будет заполнена по личному коду.',
	'mapping.gender_mismatch':
		'Пол не совпадает с личным кодом. Исправьте одно из них или не выбирайте пол — тогда он будет заполнен по личному коду.',
	'mapping.dob_future': 'Дата рождения не может быть в будущем.',
	'mapping.date_future': 'Дата не может быть в будущем.',
	'mapping.help_amount_range': 'Введите целое число от 1 до 200.',
	'mapping.help_unit_required': 'Выберите: визиты или часы.',
	'mapping.help_period_required': 'Выберите: в неделю или в месяц.',

	'mapping.duplicate.warning':
		'Этот человек, возможно, уже есть в регистре. Данные не сохранены. Проверьте записи ниже.',
	'mapping.duplicate.title': 'Возможный дубликат',
	'mapping.duplicate.intro':
		'В регистре есть получатель помощи с тем же личным кодом или с тем же именем и датой рождения. Откройте существующую запись или, если это другой человек, подтвердите это и сохраните ещё раз.',
	'mapping.duplicate.match_isikukood': 'тот же личный код',
	'mapping.duplicate.match_name_and_birth': 'то же имя и дата рождения',
	'mapping.duplicate.confirm': 'Я проверил(а): это другой человек',
	'mapping.duplicate.confirm_needed':
		'Подтвердите, что это другой человек, или откройте существующую запись.',

	'mapping.list.filters': 'Поиск и фильтры получателей помощи',
	'mapping.list.search': 'Искать по имени или населённому пункту',
	'mapping.list.search_hint_codes': 'Можно искать и по личному коду.',
	'mapping.list.profile': 'Желаемая помощь',
	'mapping.list.waiting': 'Ждёт волонтёра',
	'mapping.list.waiting_over': 'не менее {days} дн.',
	'mapping.list.consent': 'Согласие',
	'mapping.list.consent_missing': 'Только те, у кого нет согласия',
	'mapping.list.sort': 'Порядок',
	'mapping.list.sort.name': 'По имени',
	'mapping.list.sort.waiting': 'Дольше ждущие — первыми',
	'mapping.list.column.place': 'Место жительства',
	'mapping.list.column.profiles': 'Желаемая помощь',
	'mapping.list.column.waiting': 'Ждёт',
	'mapping.list.column.consent': 'Согласие',
	'mapping.list.consent_ok': 'есть',

	'client.status_not_manual':
		'Этот статус нельзя выбрать вручную: «Волонтёр назначен» устанавливается при назначении волонтёра, а «Анонимизирован» — при удалении данных.',
	'client.status_not_allowed': 'Из этого статуса нельзя перевести получателя помощи в этот статус.',
	'client.end.date_required': 'При завершении услуги укажите дату завершения.',
	'client.end.date_future': 'Дата завершения не может быть в будущем.',
	'client.end.reason_required': 'При завершении услуги коротко напишите причину.'
};

export const en: Record<keyof typeof et, string> = {
	'mapping.section.general': 'General details (do not identify the person)',
	'mapping.section.general_hint':
		'At the start of mapping general details are enough: where the person lives, their situation and who told about them.',
	'mapping.section.personal': 'Personal data',
	'mapping.section.personal_hint':
		'Add personal data once finding a suitable volunteer is likely. Collecting personal data needs the person’s consent.',
	'mapping.section.expectations': 'Expectations of a volunteer',
	'mapping.section.expectations_hint':
		'What help the person wants and how much. A suitable volunteer is looked for by this.',
	'mapping.section.referral': 'Who told about the person',
	'mapping.section.consent': 'Consent to the processing of personal data',
	'mapping.section.consent_hint':
		'Upload the signed consent (scanned or photographed) on the client’s page under documents, as the kind “Consent”.',
	'mapping.section.status': 'Status',
	'mapping.section.notes': 'Coordinator’s notes',

	'mapping.settlement': 'Settlement',
	'mapping.settlement_hint': 'Village, small town or town.',
	'mapping.street': 'Street and house',
	'mapping.living_situation': 'Living situation',
	'mapping.living.alone': 'Lives alone at home',
	'mapping.living.with_family': 'Lives with family',
	'mapping.living.care_home': 'Lives in a care home',
	'mapping.living.other': 'Other',
	'mapping.situation': 'Situation and needs',
	'mapping.situation_hint':
		'In general terms, without names or codes: e.g. “elderly woman, walks with a rollator, children abroad, feels lonely”.',
	'mapping.referral_partner': 'Social partner',
	'mapping.referral_partner_hint':
		'The institution or organisation that told about the person. A missing partner can be added on the social partners page.',
	'mapping.referral_partner_option': '{name} ({kind})',
	'mapping.referral_person': 'Person who told',
	'mapping.referral_person_hint':
		'E.g. a social worker, a family doctor or a neighbour, and their contact.',
	'mapping.referred_on': 'Date told',
	'mapping.mapped_on': 'Mapped',

	'mapping.gender': 'Sex',
	'mapping.gender.female': 'Female',
	'mapping.gender.male': 'Male',
	'mapping.gender_hint': 'Filled in from the personal identification code when it is given.',
	'mapping.dob_hint':
		'When the personal identification code is given, the date of birth is filled in from it.',
	'mapping.languages': 'Languages',
	'mapping.languages_hint': 'Which languages the person can be spoken to in.',
	'mapping.language.et': 'Estonian',
	'mapping.language.ru': 'Russian',
	'mapping.language.other': 'other',
	'mapping.language_other': 'Other language',
	'mapping.contact_person': 'Relative or contact person',
	'mapping.contact_person_name': 'Contact person’s name',
	'mapping.contact_person_phone': 'Contact person’s phone',
	'mapping.contact_person_relation': 'Who they are',
	'mapping.contact_person_relation_hint': 'E.g. daughter, neighbour, guardian.',

	'mapping.profiles': 'Help wanted',
	'mapping.profiles_hint': 'You may choose several.',
	'mapping.profile.P1': 'P1 — conversation partner who also helps with practical things',
	'mapping.profile.P2': 'P2 — conversation partner for human support and meaningful contact',
	'mapping.profile.P3': 'P3 — transport and/or escort for errands away from home',
	'mapping.profile.P4': 'P4 — support person',
	'mapping.tasks': 'Concrete tasks',
	'mapping.tasks_hint': 'E.g. shopping, walks, escort to the doctor, reading together.',
	'mapping.help_amount': 'Amount of help',
	'mapping.help_amount_number': 'How many',
	'mapping.help_amount_hint': 'A number from 1 to 200.',
	'mapping.help_unit': 'Of what',
	'mapping.help_unit.visits': 'visits',
	'mapping.help_unit.hours': 'hours',
	'mapping.help_period': 'Per',
	'mapping.help_period.week': 'a week',
	'mapping.help_period.month': 'a month',
	'mapping.help_amount_text': '{amount} {unit} {period}',
	'mapping.preferences': 'Preferences',
	'mapping.preferred_gender': 'Volunteer’s sex',
	'mapping.preferred_language': 'Volunteer’s language',
	'mapping.no_preference': 'Does not matter',
	'mapping.exclusions': 'At home',
	'mapping.exclusions_hint':
		'Volunteers with a pet allergy or who cannot stand smoke are not paired with this client.',
	'mapping.has_pets': 'There are pets at home',
	'mapping.smokes_at_home': 'There is smoking at home',
	'mapping.notes_hint': 'For coordinators only. Volunteers do not see these notes.',

	'mapping.consent_given_on': 'Date consent was given',
	'mapping.consent_given_on_hint': 'The date on the signed consent.',
	'mapping.consent_missing': 'Consent missing',
	'mapping.consent_missing_hint':
		'A record with personal data needs both the date of consent and the uploaded signed consent.',
	'mapping.consent_complete': 'Consent is there',
	'mapping.consent_not_needed': 'A record with general details only needs no consent.',
	'mapping.consent_document': 'Signed consent',
	'mapping.consent_document_present': 'Uploaded',
	'mapping.consent_document_missing': 'Not uploaded',
	'mapping.intake.title': 'Information received on paper or by e-mail',
	'mapping.intake.hint':
		'A scanned mapping form or an e-mail saved as PDF: upload it under documents as the kind “Mapping form or e-mail”.',

	'mapping.status_new': 'Status',
	'mapping.status_new_hint':
		'“Waiting for a volunteer” once personal data is there and a volunteer may be looked for.',
	'mapping.status_hint': '“Paired” is set by pairing. When ending, give the date and the reason.',
	'mapping.status_paired_hint':
		'The client has an open pairing: the status changes when the pairing ends.',
	'mapping.ended_on': 'End date',
	'mapping.ended_on_hint': 'Only when the service ends.',
	'mapping.end_reason': 'Reason for ending',
	'mapping.end_reason_hint': 'Briefly, e.g. “moved to a care home” or “no longer wants help”.',
	'mapping.waiting_since': 'Waiting since',
	'mapping.waiting_days': '{days} days',
	'mapping.age_group': 'Age group',
	'mapping.age_group.under_65': 'under 65',
	'mapping.age_group.65_74': '65–74',
	'mapping.age_group.75_84': '75–84',
	'mapping.age_group.85_plus': '85 and older',
	'mapping.general_entry': 'General details',
	'mapping.general_entry_hint':
		'This record does not identify anyone yet. Personal data can be added on the edit page.',
	'mapping.yes': 'yes',
	'mapping.no': 'no',

	'mapping.edit.link': 'Change details',
	'mapping.edit.title': 'Change the client’s details',
	'mapping.edit.submit': 'Save the changes',
	'mapping.edit.anonymised': 'An anonymised client’s details cannot be changed.',
	'mapping.new.submit': 'Add the client',

	'mapping.isikukood_future':
		'By this code the person would be born in the future. Check the digits.',
	'mapping.dob_mismatch':
		'The date of birth does not match the personal identification code. Correct one of them, or leave the date empty to fill it in from the code.',
	'mapping.gender_mismatch':
		'The sex does not match the personal identification code. Correct one of them, or leave it unselected to fill it in from the code.',
	'mapping.dob_future': 'The date of birth cannot be in the future.',
	'mapping.date_future': 'The date cannot be in the future.',
	'mapping.help_amount_range': 'Enter a whole number from 1 to 200.',
	'mapping.help_unit_required': 'Choose visits or hours.',
	'mapping.help_period_required': 'Choose a week or a month.',

	'mapping.duplicate.warning':
		'The same person may already be in the register. Nothing was saved. Check the records below.',
	'mapping.duplicate.title': 'Possible duplicate',
	'mapping.duplicate.intro':
		'There is a client with the same personal identification code, or the same name and date of birth. Open the existing record or, if this is a different person, confirm it and save again.',
	'mapping.duplicate.match_isikukood': 'same personal identification code',
	'mapping.duplicate.match_name_and_birth': 'same name and date of birth',
	'mapping.duplicate.confirm': 'I checked: this is a different person',
	'mapping.duplicate.confirm_needed':
		'Confirm that this is a different person, or open the existing record.',

	'mapping.list.filters': 'Search and filter clients',
	'mapping.list.search': 'Search by name or settlement',
	'mapping.list.search_hint_codes': 'You may also search by personal identification code.',
	'mapping.list.profile': 'Help wanted',
	'mapping.list.waiting': 'Waiting for a volunteer',
	'mapping.list.waiting_over': 'at least {days} days',
	'mapping.list.consent': 'Consent',
	'mapping.list.consent_missing': 'Only those whose consent is missing',
	'mapping.list.sort': 'Order',
	'mapping.list.sort.name': 'By name',
	'mapping.list.sort.waiting': 'Longest waiting first',
	'mapping.list.column.place': 'Lives in',
	'mapping.list.column.profiles': 'Help wanted',
	'mapping.list.column.waiting': 'Waiting',
	'mapping.list.column.consent': 'Consent',
	'mapping.list.consent_ok': 'there',

	'client.status_not_manual':
		'This status cannot be chosen by hand: “Paired” comes from pairing and “Anonymised” from erasing the data.',
	'client.status_not_allowed': 'The client cannot be moved from this status to that one.',
	'client.end.date_required': 'When ending the service, give the end date.',
	'client.end.date_future': 'The end date cannot be in the future.',
	'client.end.reason_required': 'When ending the service, briefly write the reason.'
};
