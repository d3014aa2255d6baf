/**
 * UI text of the mileage log (sõidupäevik) and its claims (R-MILE-1…3). Estonian first; the
 * English record must have the same keys. Services use some keys as error messages.
 */
export const et = {
	'nav.mileage_log': 'Sõidupäevik',
	'nav.mileage_claims': 'Sõidukulud',

	'mileage.log.title': 'Sõidupäevik',
	'mileage.log.title_of': 'Sõidupäevik: {name}',
	'mileage.log.back_to_volunteer': '← {name}',
	'mileage.log.intro':
		'Kirjutage siia sõidud, mille tegite abivajaja juurde või tema heaks. Sõidukulu hüvitatakse ainult päeval, mil kohtusite abivajajaga ja kohtumine on päevikus kirjas.',
	'mileage.log.trips_of': 'Sõidud: {month}',
	'mileage.log.months': 'Kuud',
	'mileage.log.previous_month': '← {month}',
	'mileage.log.next_month': '{month} →',
	'mileage.log.no_trips': 'Selles kuus ei ole sõite.',

	'mileage.add.title': 'Lisa sõit',
	'mileage.add.submit': 'Lisa sõit',
	'mileage.add.no_clients':
		'Teil ei ole abivajajat, kelle jaoks sõite kirja panna. Kui koordinaator teid abivajajaga seob, saate siin sõite lisada.',
	'mileage.date': 'Kuupäev',
	'mileage.date_hint': 'Päev, mil sõitsite. Samal päeval peab olema päevikus kohtumise kanne.',
	'mileage.client': 'Abivajaja',
	'mileage.client_until': '{name} (seotud kuni {date})',
	'mileage.from': 'Kust',
	'mileage.from_hint': 'Näiteks küla, linn või tänav.',
	'mileage.to': 'Kuhu',
	'mileage.route': 'Teekond',
	'mileage.purpose': 'Sõidu eesmärk',
	'mileage.purpose_hint': 'Näiteks külastus, poeskäik, arsti juurde saatmine.',
	'mileage.km_label': 'Kilomeetrid',
	'mileage.km_hint': 'Näiteks 12,5. Ühel päeval kokku kuni 300 km.',
	'mileage.km': 'km',
	'mileage.km_value': '{km} km',
	'mileage.return_trip': 'Lisa ka tagasisõit (Kuhu → Kust, sama pikkusega)',
	'mileage.edit_trip': 'Muuda või kustuta',
	'mileage.edit_trip_named': 'Muuda sõitu {date} {route}',
	'mileage.not_reimbursable_badge': 'Ei hüvitata',
	'mileage.ineligible.no_diary_entry':
		'sellel päeval ei ole päevikus teie kohtumise kannet selle abivajajaga.',
	'mileage.ineligible.client_anonymised': 'abivajaja andmed on anonüümitud.',
	'mileage.claim_unchanged': 'Esitatud taotlus jääb samaks.',
	'mileage.client_anonymised_name': 'Anonüümitud abivajaja',

	'mileage.no_diary_explain':
		'Sõitu kuupäeval {date} ei saa hüvitada: sellel päeval ei ole päevikus teie kohtumise kannet selle abivajajaga. Sõidukulu hüvitatakse ainult päeval, mil kohtusite abivajajaga ja see on päevikus kirjas (telefonikõne ei ole kohtumine).',
	'mileage.add_diary_first': 'Lisa kõigepealt päevikukanne ({date})',
	'mileage.no_diary_ask_coordinator':
		'Kui kohtumine toimus, kuid kanne puudub, palun teatage sellest koordinaatorile.',

	'mileage.done.added': 'Sõit on lisatud.',
	'mileage.done.added_return': 'Sõit ja tagasisõit on lisatud.',
	'mileage.done.updated': 'Sõit on muudetud.',
	'mileage.done.deleted': 'Sõit on kustutatud.',
	'mileage.done.submitted': 'Taotlus on esitatud.',
	'mileage.done.approved': 'Taotlus on kinnitatud.',
	'mileage.done.returned': 'Taotlus on tagasi saadetud.',
	'mileage.done.paid': 'Taotlus on märgitud makstuks.',

	'mileage.edit.title': 'Sõidu muutmine',
	'mileage.edit.back': '← Sõidupäevik',
	'mileage.delete.title': 'Sõidu kustutamine',
	'mileage.delete.intro': 'Kui sõitu ei toimunud või see on kaks korda kirjas, kustutage see.',
	'mileage.delete.submit': 'Kustuta sõit',

	'mileage.claims.title': 'Taotlused',
	'mileage.claims.intro':
		'Iga kuu sõidud koondatakse taotluseks omavalitsuse kaupa: kulud hüvitab abivajaja kodu-omavalitsus.',
	'mileage.claims.none': 'Taotlusi veel ei ole. Taotlus tekib esimese sõiduga.',
	'mileage.claim_name': '{municipality}, {month}',
	'mileage.trip_count': 'Sõite',
	'mileage.trip_count_value': 'sõite: {count}',
	'mileage.paid_on_value': 'makstud {date}',

	'mileage.status': 'Olek',
	'mileage.status.draft': 'Koostamisel',
	'mileage.status.submitted': 'Esitatud',
	'mileage.status.approved': 'Kinnitatud',
	'mileage.status.returned': 'Tagasi saadetud',
	'mileage.status.paid': 'Makstud',

	'mileage.volunteer': 'Vabatahtlik',
	'mileage.municipality': 'Omavalitsus',
	'mileage.month': 'Kuu',
	'mileage.month_hint': 'Aasta ja kuu, näiteks 2026-11.',
	'mileage.submitted_on': 'Esitatud',
	'mileage.decided_on': 'Otsustatud',
	'mileage.paid_on': 'Makstud',
	'mileage.rate': 'Määr',
	'mileage.rate_short': '€/km',
	'mileage.cap': 'Kuu ülempiir',
	'mileage.no_cap': 'puudub',
	'mileage.trips': 'Sõidud',
	'mileage.amount': 'Summa €',
	'mileage.diary_date': 'Päevikukanne',
	'mileage.total_km': 'Kokku kilomeetreid',
	'mileage.sum_before_cap': 'Summa enne ülempiiri',
	'mileage.cap_applied': 'Ülempiir rakendatud',
	'mileage.amount_to_pay': 'Hüvitatav summa',
	'mileage.amount_estimate': 'Hüvitatav summa (esitamata)',
	'mileage.mixed_rates_note':
		'Määr muutus kuu jooksul: iga sõit on arvestatud sõidupäeval kehtinud määraga.',
	'mileage.no_rate_on':
		'Kuupäeval {date} ei kehtinud ühtegi kilomeetrimäära. Palun pöörduge koordinaatori poole.',
	'mileage.total': 'Kokku',
	'mileage.return_reason': 'Tagasisaatmise põhjus',

	'mileage.claim.back_to_log': '← Sõidupäevik',
	'mileage.claim.back_to_list': '← Sõidukulude taotlused',
	'mileage.claim.download_pdf': 'Laadi alla (PDF)',
	'mileage.claim.facts': 'Taotluse andmed',
	'mileage.claim.returned_with': 'Koordinaator saatis taotluse tagasi:',
	'mileage.claim.fix_and_resubmit': 'Parandage sõidud ja esitage taotlus uuesti.',
	'mileage.claim.has_unreimbursable':
		'Sõite, mida ei saa hüvitada: {count}. Kustutage need või lisage puuduv päevikukanne, enne kui taotluse esitate.',
	'mileage.claim.changed_since':
		'Pärast esitamist on {count} sõidu päevikukanne eemaldatud või abivajaja anonüümitud. Esitatud taotlus jääb samaks; vajadusel saatke see tagasi.',
	'mileage.claim.submit_title': 'Taotluse esitamine',
	'mileage.claim.submit_intro':
		'Esitatud taotluse vaatab üle koordinaator. Pärast esitamist ei saa sõite muuta, kui koordinaator taotlust tagasi ei saada.',
	'mileage.claim.month_not_over':
		'Kuu ({month}) ei ole veel läbi. Kui esitate taotluse nüüd, saab selle kuu hilisemaid sõite samale omavalitsusele lisada alles siis, kui koordinaator taotluse tagasi saadab.',
	'mileage.claim.submit': 'Esita taotlus',
	'mileage.claim.review_title': 'Ülevaatus',
	'mileage.claim.approve': 'Kinnita taotlus',
	'mileage.claim.return_title': 'Saada tagasi parandamiseks',
	'mileage.claim.return_hint': 'Kirjutage, mida vabatahtlik peab parandama.',
	'mileage.claim.return': 'Saada tagasi',
	'mileage.claim.pay_title': 'Märgi makstuks',
	'mileage.claim.pay': 'Märgi makstuks',

	'mileage.claims_list.title': 'Sõidukulud',
	'mileage.claims_list.intro':
		'Vabatahtlike sõidukulude taotlused teie maakondades. Vaikimisi on näha ülevaatust ootavad taotlused.',
	'mileage.claims_list.filters': 'Taotluste otsing',
	'mileage.claims_list.empty': 'Valitud tingimustele vastavaid taotlusi ei ole.',
	'mileage.claims_list.open': 'Ava taotlus: {name}, {municipality}, {month}',

	'mileage.summary.title': 'Raamatupidajale: {municipality}, {month}',
	'mileage.summary.intro':
		'Kinnitatud ja makstud taotluste koondnimekiri omavalitsuse raamatupidajale ning iga vabatahtliku taotlus PDF-ina.',
	'mileage.summary.xlsx': 'Koondnimekiri (XLSX)',
	'mileage.summary.csv': 'Koondnimekiri (CSV)',
	'mileage.summary.zip': 'Koondnimekiri ja kõik taotlused (ZIP)',
	'mileage.summary.choose':
		'Valige omavalitsus ja kuu, et laadida alla raamatupidaja koondnimekiri ja taotluste dokumendid.',
	'mileage.sheet.summary': 'Koond',
	'mileage.sheet.trips': 'Sõidud',

	'mileage.pdf.title': 'Sõidukulude hüvitamise taotlus',
	'mileage.pdf.claim_id': 'Taotluse tunnus',
	'mileage.pdf.not_submitted':
		'Taotlus ei ole esitatud: summad on arvutatud dokumendi koostamise päeval.',
	'mileage.pdf.footer': 'Koostatud Seltsilises {date}.',

	'mileage.rates.title': 'Kilomeetrimäärad',
	'mileage.rates.intro':
		'Sõidukulu hüvitatakse euro-kilomeetri määraga. Omavalitsus võib määrata oma määra ja vabatahtliku kuu ülempiiri; muidu kehtib üleriigiline vaikimisi määr.',
	'mileage.rates.national_intro':
		'Vaikimisi määr on seade, mitte püsiväärtus: maksuvaba hüvitise seaduslik määr muutub aeg-ajalt. Uue määra jaoks lisage rida kuupäevaga, millest see kehtib. Esitatud taotluste määra muuta ei saa.',
	'mileage.rates.national': 'Üleriigiline vaikimisi määr',
	'mileage.rates.add_title': 'Lisa määr',
	'mileage.rates.municipality_hint': 'Jätke valimata, kui lisate üleriigilise vaikimisi määra.',
	'mileage.rates.valid_from': 'Kehtib alates',
	'mileage.rates.eur_per_km': 'Eurot kilomeetri kohta',
	'mileage.rates.eur_per_km_hint': 'Näiteks 0,30. Kuni neli kohta pärast koma.',
	'mileage.rates.cap': 'Kuu ülempiir vabatahtliku kohta (€)',
	'mileage.rates.cap_hint': 'Näiteks 100. Tühjaks jättes ülempiiri ei ole.',
	'mileage.rates.add_submit': 'Lisa määr',
	'mileage.rates.table': 'Kehtestatud määrad',
	'mileage.rates.actions': 'Tegevused',
	'mileage.rates.delete': 'Kustuta',
	'mileage.rates.delete_named': 'Kustuta määr: {name}, alates {date}',
	'mileage.rates.added': 'Määr on lisatud.',
	'mileage.rates.deleted': 'Määr on kustutatud.',

	'mileage.km_invalid': 'Kirjutage kilomeetrid numbrina, näiteks 12,5.',
	'mileage.km_decimals': 'Kilomeetritel võib olla kuni kaks kohta pärast koma.',
	'mileage.km_positive': 'Kilomeetreid peab olema rohkem kui 0.',
	'mileage.km_too_large': 'Üks sõit saab olla kuni 300 km.',
	'mileage.day_limit': 'Ühe päeva sõite saab kokku olla kuni 300 km.',
	'mileage.rate_invalid': 'Kirjutage määr eurodes, näiteks 0,30 (rohkem kui 0 ja alla 10).',
	'mileage.rate_decimals': 'Määral võib olla kuni neli kohta pärast koma.',
	'mileage.euros_invalid': 'Kirjutage summa eurodes, näiteks 100 või 99,50.',
	'mileage.euros_decimals': 'Summal võib olla kuni kaks kohta pärast koma.',
	'mileage.date_in_future': 'Tulevikus toimuvat sõitu ei saa veel kirja panna.',
	'mileage.outside_pairing': 'Sellel päeval ei olnud te selle abivajajaga seotud.',
	'mileage.client_anonymised': 'Selle abivajaja andmed on anonüümitud.',
	'mileage.client_no_municipality':
		'Abivajaja omavalitsus ei ole teada, seega pole selge, kes kulu hüvitab. Palun teatage koordinaatorile.',
	'mileage.no_diary_entry':
		'Sellel päeval ei ole päevikus teie kohtumise kannet selle abivajajaga.',
	'mileage.not_reimbursable': 'Seda sõitu ei saa hüvitada.',
	'mileage.claim_locked':
		'Selle kuu taotlus on juba esitatud. Sõitu saab lisada, kui koordinaator taotluse tagasi saadab.',
	'mileage.trip_locked': 'Sõit kuulub esitatud taotlusse ja seda ei saa muuta.',
	'mileage.trip_gone': 'Sõitu enam ei ole.',
	'mileage.claim_changed':
		'Taotlust muudeti vahepeal (näiteks lisati sõit või keegi teine vaatas selle üle). Vaadake see uuesti üle.',
	'mileage.claim_wrong_state': 'Taotluse olek on vahepeal muutunud.',
	'mileage.claim_empty': 'Taotluses ei ole ühtegi sõitu.',
	'mileage.claim_not_reimbursable':
		'Taotluses on sõite, mida ei saa hüvitada. Kustutage need või lisage puuduv päevikukanne.',
	'mileage.no_rate': 'Mõnel sõidupäeval ei kehtinud ühtegi kilomeetrimäära.',
	'mileage.reason_required': 'Kirjutage, miks taotlus tagasi saadetakse.',
	'mileage.paid_in_future': 'Maksepäev ei saa olla tulevikus.',
	'mileage.paid_before_submitted': 'Maksepäev ei saa olla enne taotluse esitamist.',
	'mileage.rate_exists': 'Sellele omavalitsusele on sellest päevast määr juba olemas.',
	'mileage.rate_locked': 'See muudaks juba esitatud taotluste määra. Valige hilisem kuupäev.',
	'mileage.rate_in_use': 'Seda määra kasutavad esitatud taotlused; seda ei saa kustutada.',
	'mileage.rate_last_default': 'Üleriigilist vaikimisi määra ei saa kustutada, kui see on ainus.'
};

export const ru: Record<keyof typeof et, string> = {
	'nav.mileage_log': 'Журнал поездок',
	'nav.mileage_claims': 'Транспортные расходы',

	'mileage.log.title': 'Журнал поездок',
	'mileage.log.title_of': 'Журнал поездок: {name}',
	'mileage.log.back_to_volunteer': '← {name}',
	'mileage.log.intro':
		'Записывайте сюда поездки, которые Вы совершили к получателю помощи или по его делам. Транспортные расходы компенсируются только за тот день, когда Вы встречались с получателем помощи и встреча записана в дневнике.',
	'mileage.log.trips_of': 'Поездки: {month}',
	'mileage.log.months': 'Месяцы',
	'mileage.log.previous_month': '← {month}',
	'mileage.log.next_month': '{month} →',
	'mileage.log.no_trips': 'В этом месяце поездок нет.',

	'mileage.add.title': 'Добавить поездку',
	'mileage.add.submit': 'Добавить поездку',
	'mileage.add.no_clients':
		'У Вас нет получателя помощи, для которого можно записать поездки. Когда координатор назначит Вам получателя помощи, Вы сможете добавлять поездки здесь.',
	'mileage.date': 'Дата',
	'mileage.date_hint': 'День поездки. В этот же день в дневнике должна быть запись о встрече.',
	'mileage.client': 'Получатель помощи',
	'mileage.client_until': '{name} (назначение до {date})',
	'mileage.from': 'Откуда',
	'mileage.from_hint': 'Например, деревня, город или улица.',
	'mileage.to': 'Куда',
	'mileage.route': 'Маршрут',
	'mileage.purpose': 'Цель поездки',
	'mileage.purpose_hint': 'Например, визит, поход в магазин, сопровождение к врачу.',
	'mileage.km_label': 'Километры',
	'mileage.km_hint': 'Например, 12,5. Всего за один день — не более 300 км.',
	'mileage.km': 'км',
	'mileage.km_value': '{km} км',
	'mileage.return_trip': 'Добавить и обратную поездку (Куда → Откуда, то же расстояние)',
	'mileage.edit_trip': 'Изменить или удалить',
	'mileage.edit_trip_named': 'Изменить поездку {date} {route}',
	'mileage.not_reimbursable_badge': 'Не компенсируется',
	'mileage.ineligible.no_diary_entry':
		'в этот день в дневнике нет записи о Вашей встрече с этим получателем помощи.',
	'mileage.ineligible.client_anonymised': 'данные получателя помощи анонимизированы.',
	'mileage.claim_unchanged': 'Поданная заявка остаётся без изменений.',
	'mileage.client_anonymised_name': 'Анонимизированный получатель помощи',

	'mileage.no_diary_explain':
		'Поездку {date} нельзя компенсировать: в этот день в дневнике нет записи о Вашей встрече с этим получателем помощи. Транспортные расходы компенсируются только за тот день, когда Вы встречались с получателем помощи и это записано в дневнике (телефонный звонок не считается встречей).',
	'mileage.add_diary_first': 'Сначала добавьте запись в дневнике ({date})',
	'mileage.no_diary_ask_coordinator':
		'Если встреча состоялась, но записи нет, пожалуйста, сообщите об этом координатору.',

	'mileage.done.added': 'Поездка добавлена.',
	'mileage.done.added_return': 'Поездка и обратная поездка добавлены.',
	'mileage.done.updated': 'Поездка изменена.',
	'mileage.done.deleted': 'Поездка удалена.',
	'mileage.done.submitted': 'Заявка подана.',
	'mileage.done.approved': 'Заявка утверждена.',
	'mileage.done.returned': 'Заявка возвращена.',
	'mileage.done.paid': 'Заявка отмечена как оплаченная.',

	'mileage.edit.title': 'Изменение поездки',
	'mileage.edit.back': '← Журнал поездок',
	'mileage.delete.title': 'Удаление поездки',
	'mileage.delete.intro': 'Если поездки не было или она записана дважды, удалите её.',
	'mileage.delete.submit': 'Удалить поездку',

	'mileage.claims.title': 'Заявки',
	'mileage.claims.intro':
		'Поездки каждого месяца собираются в заявку отдельно по каждому местному самоуправлению: расходы компенсирует местное самоуправление, в котором живёт получатель помощи.',
	'mileage.claims.none': 'Заявок пока нет. Заявка появляется с первой поездкой.',
	'mileage.claim_name': '{municipality}, {month}',
	'mileage.trip_count': 'Поездки',
	'mileage.trip_count_value': 'поездок: {count}',
	'mileage.paid_on_value': 'оплачено {date}',

	'mileage.status': 'Статус',
	'mileage.status.draft': 'Составляется',
	'mileage.status.submitted': 'Подана',
	'mileage.status.approved': 'Утверждена',
	'mileage.status.returned': 'Возвращена',
	'mileage.status.paid': 'Оплачена',

	'mileage.volunteer': 'Волонтёр',
	'mileage.municipality': 'Местное самоуправление',
	'mileage.month': 'Месяц',
	'mileage.month_hint': 'Год и месяц, например 2026-11.',
	'mileage.submitted_on': 'Подана',
	'mileage.decided_on': 'Решение принято',
	'mileage.paid_on': 'Оплачена',
	'mileage.rate': 'Ставка',
	'mileage.rate_short': '€/км',
	'mileage.cap': 'Месячный лимит',
	'mileage.no_cap': 'нет',
	'mileage.trips': 'Поездки',
	'mileage.amount': 'Сумма €',
	'mileage.diary_date': 'Запись в дневнике',
	'mileage.total_km': 'Всего километров',
	'mileage.sum_before_cap': 'Сумма до применения лимита',
	'mileage.cap_applied': 'Применён лимит',
	'mileage.amount_to_pay': 'Сумма к компенсации',
	'mileage.amount_estimate': 'Сумма к компенсации (заявка не подана)',
	'mileage.mixed_rates_note':
		'Ставка изменилась в течение месяца: каждая поездка рассчитана по ставке, действовавшей в день поездки.',
	'mileage.no_rate_on':
		'На {date} не действовала ни одна ставка за километр. Пожалуйста, обратитесь к координатору.',
	'mileage.total': 'Итого',
	'mileage.return_reason': 'Причина возврата',

	'mileage.claim.back_to_log': '← Журнал поездок',
	'mileage.claim.back_to_list': '← Заявки на компенсацию транспортных расходов',
	'mileage.claim.download_pdf': 'Скачать (PDF)',
	'mileage.claim.facts': 'Данные заявки',
	'mileage.claim.returned_with': 'Координатор вернул(а) заявку:',
	'mileage.claim.fix_and_resubmit': 'Исправьте поездки и подайте заявку ещё раз.',
	'mileage.claim.has_unreimbursable':
		'Поездок, которые нельзя компенсировать: {count}. Удалите их или добавьте недостающую запись в дневнике, прежде чем подать заявку.',
	'mileage.claim.changed_since':
		'После подачи заявки у части поездок удалена запись в дневнике или данные получателя помощи анонимизированы (поездок: {count}). Поданная заявка остаётся без изменений; при необходимости верните её.',
	'mileage.claim.submit_title': 'Подача заявки',
	'mileage.claim.submit_intro':
		'Поданную заявку проверяет координатор. После подачи поездки нельзя изменить, если координатор не вернёт заявку.',
	'mileage.claim.month_not_over':
		'Месяц ({month}) ещё не закончился. Если Вы подадите заявку сейчас, более поздние поездки этого месяца для того же местного самоуправления можно будет добавить, только если координатор вернёт заявку.',
	'mileage.claim.submit': 'Подать заявку',
	'mileage.claim.review_title': 'Проверка',
	'mileage.claim.approve': 'Утвердить заявку',
	'mileage.claim.return_title': 'Вернуть на исправление',
	'mileage.claim.return_hint': 'Напишите, что волонтёр должен исправить.',
	'mileage.claim.return': 'Вернуть',
	'mileage.claim.pay_title': 'Отметить как оплаченную',
	'mileage.claim.pay': 'Отметить как оплаченную',

	'mileage.claims_list.title': 'Транспортные расходы',
	'mileage.claims_list.intro':
		'Заявки волонтёров на компенсацию транспортных расходов в Ваших уездах. По умолчанию показаны заявки, ожидающие проверки.',
	'mileage.claims_list.filters': 'Поиск заявок',
	'mileage.claims_list.empty': 'Заявок, соответствующих выбранным условиям, нет.',
	'mileage.claims_list.open': 'Открыть заявку: {name}, {municipality}, {month}',

	'mileage.summary.title': 'Для бухгалтера: {municipality}, {month}',
	'mileage.summary.intro':
		'Сводный список утверждённых и оплаченных заявок для бухгалтера местного самоуправления, а также заявка каждого волонтёра в формате PDF.',
	'mileage.summary.xlsx': 'Сводный список (XLSX)',
	'mileage.summary.csv': 'Сводный список (CSV)',
	'mileage.summary.zip': 'Сводный список и все заявки (ZIP)',
	'mileage.summary.choose':
		'Выберите местное самоуправление и месяц, чтобы скачать сводный список для бухгалтера и документы заявок.',
	'mileage.sheet.summary': 'Сводка',
	'mileage.sheet.trips': 'Поездки',

	'mileage.pdf.title': 'Заявка на компенсацию транспортных расходов',
	'mileage.pdf.claim_id': 'Номер заявки',
	'mileage.pdf.not_submitted': 'Заявка не подана: суммы рассчитаны на день составления документа.',
	'mileage.pdf.footer': 'Составлено в системе Seltsiline {date}.',

	'mileage.rates.title': 'Ставки за километр',
	'mileage.rates.intro':
		'Транспортные расходы компенсируются по ставке в евро за километр. Местное самоуправление может установить свою ставку и месячный лимит на одного волонтёра; иначе действует общегосударственная ставка по умолчанию.',
	'mileage.rates.national_intro':
		'Ставка по умолчанию — это настройка, а не постоянная величина: установленная законом ставка необлагаемой компенсации время от времени меняется. Для новой ставки добавьте строку с датой, с которой она действует. Ставку поданных заявок изменить нельзя.',
	'mileage.rates.national': 'Общегосударственная ставка по умолчанию',
	'mileage.rates.add_title': 'Добавить ставку',
	'mileage.rates.municipality_hint':
		'Не выбирайте ничего, если добавляете общегосударственную ставку по умолчанию.',
	'mileage.rates.valid_from': 'Действует с',
	'mileage.rates.eur_per_km': 'Евро за километр',
	'mileage.rates.eur_per_km_hint': 'Например, 0,30. Не более четырёх знаков после запятой.',
	'mileage.rates.cap': 'Месячный лимит на одного волонтёра (€)',
	'mileage.rates.cap_hint': 'Например, 100. Если оставить пустым, лимита нет.',
	'mileage.rates.add_submit': 'Добавить ставку',
	'mileage.rates.table': 'Установленные ставки',
	'mileage.rates.actions': 'Действия',
	'mileage.rates.delete': 'Удалить',
	'mileage.rates.delete_named': 'Удалить ставку: {name}, с {date}',
	'mileage.rates.added': 'Ставка добавлена.',
	'mileage.rates.deleted': 'Ставка удалена.',

	'mileage.km_invalid': 'Напишите километры числом, например 12,5.',
	'mileage.km_decimals': 'Для километров допускается не более двух знаков после запятой.',
	'mileage.km_positive': 'Километров должно быть больше 0.',
	'mileage.km_too_large': 'Одна поездка может быть не длиннее 300 км.',
	'mileage.day_limit': 'Поездки за один день в сумме могут составлять не более 300 км.',
	'mileage.rate_invalid': 'Напишите ставку в евро, например 0,30 (больше 0 и меньше 10).',
	'mileage.rate_decimals': 'Для ставки допускается не более четырёх знаков после запятой.',
	'mileage.euros_invalid': 'Напишите сумму в евро, например 100 или 99,50.',
	'mileage.euros_decimals': 'Для суммы допускается не более двух знаков после запятой.',
	'mileage.date_in_future': 'Поездку, которая будет в будущем, пока нельзя записать.',
	'mileage.outside_pairing': 'В этот день Вы не были назначены волонтёром этого получателя помощи.',
	'mileage.client_anonymised': 'Данные этого получателя помощи анонимизированы.',
	'mileage.client_no_municipality':
		'Местное самоуправление получателя помощи неизвестно, поэтому неясно, кто компенсирует расходы. Пожалуйста, сообщите координатору.',
	'mileage.no_diary_entry':
		'В этот день в дневнике нет записи о Вашей встрече с этим получателем помощи.',
	'mileage.not_reimbursable': 'Эту поездку нельзя компенсировать.',
	'mileage.claim_locked':
		'Заявка за этот месяц уже подана. Поездку можно будет добавить, если координатор вернёт заявку.',
	'mileage.trip_locked': 'Поездка входит в поданную заявку, её нельзя изменить.',
	'mileage.trip_gone': 'Этой поездки больше нет.',
	'mileage.claim_changed':
		'Заявка тем временем изменилась (например, добавлена поездка или её проверил кто-то другой). Просмотрите её ещё раз.',
	'mileage.claim_wrong_state': 'Статус заявки тем временем изменился.',
	'mileage.claim_empty': 'В заявке нет ни одной поездки.',
	'mileage.claim_not_reimbursable':
		'В заявке есть поездки, которые нельзя компенсировать. Удалите их или добавьте недостающую запись в дневнике.',
	'mileage.no_rate': 'В некоторые дни поездок не действовала ни одна ставка за километр.',
	'mileage.reason_required': 'Напишите, почему заявка возвращается.',
	'mileage.paid_in_future': 'Дата оплаты не может быть в будущем.',
	'mileage.paid_before_submitted': 'Дата оплаты не может быть раньше подачи заявки.',
	'mileage.rate_exists': 'Для этого местного самоуправления с этой даты ставка уже есть.',
	'mileage.rate_locked': 'Это изменило бы ставку уже поданных заявок. Выберите более позднюю дату.',
	'mileage.rate_in_use': 'Эта ставка используется в поданных заявках; её нельзя удалить.',
	'mileage.rate_last_default':
		'Общегосударственную ставку по умолчанию нельзя удалить, если она единственная.'
};

export const en: Record<keyof typeof et, string> = {
	'nav.mileage_log': 'Mileage log',
	'nav.mileage_claims': 'Mileage claims',

	'mileage.log.title': 'Mileage log',
	'mileage.log.title_of': 'Mileage log: {name}',
	'mileage.log.back_to_volunteer': '← {name}',
	'mileage.log.intro':
		'Write down the trips you made to or for a client. Travel costs are reimbursed only for a day on which you met the client and the meeting is in the diary.',
	'mileage.log.trips_of': 'Trips: {month}',
	'mileage.log.months': 'Months',
	'mileage.log.previous_month': '← {month}',
	'mileage.log.next_month': '{month} →',
	'mileage.log.no_trips': 'No trips in this month.',

	'mileage.add.title': 'Add a trip',
	'mileage.add.submit': 'Add trip',
	'mileage.add.no_clients':
		'You have no client to log trips for. Once the coordinator pairs you with a client, you can add trips here.',
	'mileage.date': 'Date',
	'mileage.date_hint':
		'The day of the trip. The diary must have an entry of a meeting on that day.',
	'mileage.client': 'Client',
	'mileage.client_until': '{name} (paired until {date})',
	'mileage.from': 'From',
	'mileage.from_hint': 'For example a village, town or street.',
	'mileage.to': 'To',
	'mileage.route': 'Route',
	'mileage.purpose': 'Purpose of the trip',
	'mileage.purpose_hint': 'For example a visit, shopping, escort to the doctor.',
	'mileage.km_label': 'Kilometres',
	'mileage.km_hint': 'For example 12.5. At most 300 km per day in all.',
	'mileage.km': 'km',
	'mileage.km_value': '{km} km',
	'mileage.return_trip': 'Also add the way back (To → From, same distance)',
	'mileage.edit_trip': 'Change or delete',
	'mileage.edit_trip_named': 'Change the trip of {date} {route}',
	'mileage.not_reimbursable_badge': 'Not reimbursable',
	'mileage.ineligible.no_diary_entry':
		'the diary has no entry of your meeting with this client on that day.',
	'mileage.ineligible.client_anonymised': "the client's data has been anonymised.",
	'mileage.claim_unchanged': 'The submitted claim stays as it was.',
	'mileage.client_anonymised_name': 'Anonymised client',

	'mileage.no_diary_explain':
		'The trip of {date} cannot be reimbursed: the diary has no entry of your meeting with this client on that day. Travel costs are reimbursed only for a day on which you met the client and it is in the diary (a phone call is not a meeting).',
	'mileage.add_diary_first': 'Add the diary entry first ({date})',
	'mileage.no_diary_ask_coordinator':
		'If the meeting took place but the entry is missing, please tell your coordinator.',

	'mileage.done.added': 'The trip has been added.',
	'mileage.done.added_return': 'The trip and the way back have been added.',
	'mileage.done.updated': 'The trip has been changed.',
	'mileage.done.deleted': 'The trip has been deleted.',
	'mileage.done.submitted': 'The claim has been submitted.',
	'mileage.done.approved': 'The claim has been approved.',
	'mileage.done.returned': 'The claim has been returned.',
	'mileage.done.paid': 'The claim has been marked paid.',

	'mileage.edit.title': 'Change a trip',
	'mileage.edit.back': '← Mileage log',
	'mileage.delete.title': 'Delete the trip',
	'mileage.delete.intro': 'If the trip did not happen or is written down twice, delete it.',
	'mileage.delete.submit': 'Delete trip',

	'mileage.claims.title': 'Claims',
	'mileage.claims.intro':
		"Each month's trips are gathered into a claim per municipality: the client's home municipality reimburses the costs.",
	'mileage.claims.none': 'No claims yet. A claim starts with the first trip.',
	'mileage.claim_name': '{municipality}, {month}',
	'mileage.trip_count': 'Trips',
	'mileage.trip_count_value': 'trips: {count}',
	'mileage.paid_on_value': 'paid on {date}',

	'mileage.status': 'State',
	'mileage.status.draft': 'Draft',
	'mileage.status.submitted': 'Submitted',
	'mileage.status.approved': 'Approved',
	'mileage.status.returned': 'Returned',
	'mileage.status.paid': 'Paid',

	'mileage.volunteer': 'Volunteer',
	'mileage.municipality': 'Municipality',
	'mileage.month': 'Month',
	'mileage.month_hint': 'Year and month, for example 2026-11.',
	'mileage.submitted_on': 'Submitted',
	'mileage.decided_on': 'Decided',
	'mileage.paid_on': 'Paid on',
	'mileage.rate': 'Rate',
	'mileage.rate_short': '€/km',
	'mileage.cap': 'Monthly cap',
	'mileage.no_cap': 'none',
	'mileage.trips': 'Trips',
	'mileage.amount': 'Amount €',
	'mileage.diary_date': 'Diary entry',
	'mileage.total_km': 'Total kilometres',
	'mileage.sum_before_cap': 'Sum before the cap',
	'mileage.cap_applied': 'Cap applied',
	'mileage.amount_to_pay': 'Amount to reimburse',
	'mileage.amount_estimate': 'Amount to reimburse (not submitted)',
	'mileage.mixed_rates_note':
		'The rate changed within the month: each trip is paid at the rate in force on its day.',
	'mileage.no_rate_on':
		'No kilometre rate was in force on {date}. Please contact your coordinator.',
	'mileage.total': 'Total',
	'mileage.return_reason': 'Reason for returning',

	'mileage.claim.back_to_log': '← Mileage log',
	'mileage.claim.back_to_list': '← Mileage claims',
	'mileage.claim.download_pdf': 'Download (PDF)',
	'mileage.claim.facts': 'Claim details',
	'mileage.claim.returned_with': 'The coordinator returned the claim:',
	'mileage.claim.fix_and_resubmit': 'Correct the trips and submit the claim again.',
	'mileage.claim.has_unreimbursable':
		'Trips that cannot be reimbursed: {count}. Delete them or add the missing diary entry before you submit the claim.',
	'mileage.claim.changed_since':
		'Since submission, the diary entry of {count} trip(s) was removed or the client anonymised. The submitted claim stays as it was; return it if needed.',
	'mileage.claim.submit_title': 'Submit the claim',
	'mileage.claim.submit_intro':
		'A coordinator reviews the submitted claim. After submitting, the trips cannot be changed unless the coordinator returns the claim.',
	'mileage.claim.month_not_over':
		'The month ({month}) is not over yet. If you submit now, later trips of this month to the same municipality can be added only if the coordinator returns the claim.',
	'mileage.claim.submit': 'Submit claim',
	'mileage.claim.review_title': 'Review',
	'mileage.claim.approve': 'Approve claim',
	'mileage.claim.return_title': 'Return for corrections',
	'mileage.claim.return_hint': 'Write what the volunteer needs to correct.',
	'mileage.claim.return': 'Return',
	'mileage.claim.pay_title': 'Mark paid',
	'mileage.claim.pay': 'Mark paid',

	'mileage.claims_list.title': 'Mileage claims',
	'mileage.claims_list.intro':
		"Volunteers' travel cost claims in your counties. By default the claims waiting for review are shown.",
	'mileage.claims_list.filters': 'Search claims',
	'mileage.claims_list.empty': 'No claims match the chosen filters.',
	'mileage.claims_list.open': 'Open the claim: {name}, {municipality}, {month}',

	'mileage.summary.title': 'For the accountant: {municipality}, {month}',
	'mileage.summary.intro':
		"The list of approved and paid claims for the municipality's accountant, and each volunteer's claim as a PDF.",
	'mileage.summary.xlsx': 'Summary list (XLSX)',
	'mileage.summary.csv': 'Summary list (CSV)',
	'mileage.summary.zip': 'Summary list and every claim (ZIP)',
	'mileage.summary.choose':
		"Choose a municipality and a month to download the accountant's summary list and the claim documents.",
	'mileage.sheet.summary': 'Summary',
	'mileage.sheet.trips': 'Trips',

	'mileage.pdf.title': 'Travel cost reimbursement claim',
	'mileage.pdf.claim_id': 'Claim id',
	'mileage.pdf.not_submitted':
		'The claim has not been submitted: the amounts are computed on the day of this document.',
	'mileage.pdf.footer': 'Produced by Seltsiline on {date}.',

	'mileage.rates.title': 'Kilometre rates',
	'mileage.rates.intro':
		'Travel costs are reimbursed at a rate in euros per kilometre. A municipality may set its own rate and a monthly cap per volunteer; otherwise the national default applies.',
	'mileage.rates.national_intro':
		'The default rate is a setting, not a constant: the legal tax-free rate changes from time to time. For a new rate add a row with the day it applies from. Rates of submitted claims cannot change.',
	'mileage.rates.national': 'National default rate',
	'mileage.rates.add_title': 'Add a rate',
	'mileage.rates.municipality_hint': 'Leave empty to add a national default rate.',
	'mileage.rates.valid_from': 'Valid from',
	'mileage.rates.eur_per_km': 'Euros per kilometre',
	'mileage.rates.eur_per_km_hint': 'For example 0.30. Up to four decimals.',
	'mileage.rates.cap': 'Monthly cap per volunteer (€)',
	'mileage.rates.cap_hint': 'For example 100. Leave empty for no cap.',
	'mileage.rates.add_submit': 'Add rate',
	'mileage.rates.table': 'Rates set',
	'mileage.rates.actions': 'Actions',
	'mileage.rates.delete': 'Delete',
	'mileage.rates.delete_named': 'Delete the rate: {name}, from {date}',
	'mileage.rates.added': 'The rate has been added.',
	'mileage.rates.deleted': 'The rate has been deleted.',

	'mileage.km_invalid': 'Write the kilometres as a number, for example 12.5.',
	'mileage.km_decimals': 'Kilometres may have at most two decimals.',
	'mileage.km_positive': 'Kilometres must be more than 0.',
	'mileage.km_too_large': 'One trip can be at most 300 km.',
	'mileage.day_limit': "One day's trips can add up to at most 300 km.",
	'mileage.rate_invalid': 'Write the rate in euros, for example 0.30 (more than 0 and below 10).',
	'mileage.rate_decimals': 'A rate may have at most four decimals.',
	'mileage.euros_invalid': 'Write the amount in euros, for example 100 or 99.50.',
	'mileage.euros_decimals': 'An amount may have at most two decimals.',
	'mileage.date_in_future': 'A trip in the future cannot be logged yet.',
	'mileage.outside_pairing': 'You were not paired with this client on that day.',
	'mileage.client_anonymised': "This client's data has been anonymised.",
	'mileage.client_no_municipality':
		"The client's municipality is not known, so it is unclear who reimburses the cost. Please tell your coordinator.",
	'mileage.no_diary_entry': 'The diary has no entry of your meeting with this client on that day.',
	'mileage.not_reimbursable': 'This trip cannot be reimbursed.',
	'mileage.claim_locked':
		"This month's claim has already been submitted. The trip can be added if the coordinator returns the claim.",
	'mileage.trip_locked': 'The trip belongs to a submitted claim and cannot be changed.',
	'mileage.trip_gone': 'The trip no longer exists.',
	'mileage.claim_changed':
		'The claim was changed in the meantime (a trip was added, or someone else reviewed it). Please look at it again.',
	'mileage.claim_wrong_state': "The claim's state has changed in the meantime.",
	'mileage.claim_empty': 'The claim has no trips.',
	'mileage.claim_not_reimbursable':
		'The claim has trips that cannot be reimbursed. Delete them or add the missing diary entry.',
	'mileage.no_rate': 'No kilometre rate was in force on some trip day.',
	'mileage.reason_required': 'Write why the claim is returned.',
	'mileage.paid_in_future': 'The payment date cannot be in the future.',
	'mileage.paid_before_submitted': 'The payment date cannot be before the claim was submitted.',
	'mileage.rate_exists': 'This municipality already has a rate from that day.',
	'mileage.rate_locked':
		'This would change the rate of claims already submitted. Choose a later date.',
	'mileage.rate_in_use': 'Submitted claims use this rate; it cannot be deleted.',
	'mileage.rate_last_default':
		'The national default rate cannot be deleted while it is the only one.'
};
