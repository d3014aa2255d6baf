/**
 * UI text of the volunteer's phone in the field (issue 19): the offline queue of diary entries
 * and trips, the saving state of the save buttons, installing the app on the home screen.
 * Estonian first; the Russian and English records must have the same keys.
 */
export const et = {
	'offline.saved_on_phone': 'Salvestatud selles telefonis. Saadetakse, kui ühendus on olemas.',
	'offline.unsent_count': 'Saatmata: {count}',
	'offline.send_now': 'Saada kohe',
	'offline.sending': 'Saadan…',
	'offline.sent': 'Saadetud: {count}.',
	'offline.no_connection': 'Ühendust ei ole. Saadan uuesti, kui ühendus tuleb.',
	'offline.refused_title': 'Neid ei võetud vastu',
	'offline.refused_intro':
		'Server ei võtnud neid vastu. Parandage ja salvestage uuesti või kustutage. Midagi ei kustutata ilma teie loata.',
	'offline.item_diary': 'Külastus: {name}, {date}',
	'offline.item_trip': 'Sõit: {name}, {date}',
	'offline.fix': 'Paranda',
	'offline.discard': 'Kustuta',
	'offline.discard_label': 'Kustuta: {item}',
	'offline.fix_label': 'Paranda: {item}',
	'offline.session_expired': 'Sisselogimine on aegunud. Logige sisse, siis saadetakse see uuesti.',
	'offline.not_found':
		'Seda ei saa enam salvestada: sidumine võib olla lõppenud. Kustutage see või küsige koordinaatorilt.',
	'offline.server_error': 'Serveris tekkis viga. Proovin hiljem uuesti.',
	'offline.logout_confirm':
		'Selles telefonis on saatmata kirjeid: {count}. Väljalogimisel need kustutatakse. Kas logite ikka välja?',
	'offline.saving': 'Salvestan…',
	'offline.queued_diary':
		'Külastus on salvestatud selles telefonis ja saadetakse, kui ühendus on olemas.',
	'offline.queued_trip':
		'Sõit on salvestatud selles telefonis ja saadetakse, kui ühendus on olemas.',
	'offline.add_trip_for_visit': 'Lisa selle külastuse sõit',
	'offline.fixing':
		'Parandate saatmata kirjet. Kui salvestate, saadetakse see ja kirje kaob saatmata kirjete seast.',
	'offline.install.title': 'Pange Seltsiline telefoni avaekraanile',
	'offline.install.intro':
		'Siis avaneb Seltsiline nagu rakendus. Teie abivajajate nimekiri, külastuse vorm ja sõidupäevik avanevad ka siis, kui ühendust ei ole; salvestatu saadetakse hiljem.',
	'offline.install.android_title': 'Android (Chrome)',
	'offline.install.android':
		'Puudutage paremal üleval kolme täppi (⋮) ja valige „Lisa avaekraanile“ või „Installi rakendus“. Kinnitage „Lisa“.',
	'offline.install.iphone_title': 'iPhone (Safari)',
	'offline.install.iphone':
		'Avage see leht Safaris. Puudutage all keskel jagamisnuppu (ruut noolega üles), kerige alla ja valige „Lisa avakuvale“. Kinnitage „Lisa“.',
	'submission.key_reused': 'Seda vormi ei saa uuesti saata. Avage vorm uuesti ja salvestage.'
};

export const ru: Record<keyof typeof et, string> = {
	'offline.saved_on_phone': 'Сохранено в этом телефоне. Будет отправлено, когда появится связь.',
	'offline.unsent_count': 'Не отправлено: {count}',
	'offline.send_now': 'Отправить сейчас',
	'offline.sending': 'Отправляю…',
	'offline.sent': 'Отправлено: {count}.',
	'offline.no_connection': 'Связи нет. Отправлю снова, когда связь появится.',
	'offline.refused_title': 'Это не было принято',
	'offline.refused_intro':
		'Сервер это не принял. Исправьте и сохраните снова или удалите. Без Вашего согласия ничего не удаляется.',
	'offline.item_diary': 'Визит: {name}, {date}',
	'offline.item_trip': 'Поездка: {name}, {date}',
	'offline.fix': 'Исправить',
	'offline.discard': 'Удалить',
	'offline.discard_label': 'Удалить: {item}',
	'offline.fix_label': 'Исправить: {item}',
	'offline.session_expired':
		'Срок входа истёк. Войдите в систему, и запись будет отправлена снова.',
	'offline.not_found':
		'Это больше нельзя сохранить: назначение волонтёра, возможно, завершено. Удалите запись или спросите координатора.',
	'offline.server_error': 'На сервере произошла ошибка. Попробую позже.',
	'offline.logout_confirm':
		'В этом телефоне есть неотправленные записи: {count}. При выходе они будут удалены. Всё равно выйти?',
	'offline.saving': 'Сохраняю…',
	'offline.queued_diary': 'Визит сохранён в этом телефоне и будет отправлен, когда появится связь.',
	'offline.queued_trip':
		'Поездка сохранена в этом телефоне и будет отправлена, когда появится связь.',
	'offline.add_trip_for_visit': 'Добавить поездку к этому визиту',
	'offline.fixing':
		'Вы исправляете неотправленную запись. При сохранении она будет отправлена и исчезнет из неотправленных.',
	'offline.install.title': 'Добавьте Seltsiline на главный экран телефона',
	'offline.install.intro':
		'Тогда Seltsiline будет открываться как приложение. Список Ваших получателей помощи, форма визита и журнал поездок откроются и без связи; сохранённое будет отправлено позже.',
	'offline.install.android_title': 'Android (Chrome)',
	'offline.install.android':
		'Нажмите на три точки (⋮) справа вверху и выберите «Добавить на главный экран» или «Установить приложение». Подтвердите «Добавить».',
	'offline.install.iphone_title': 'iPhone (Safari)',
	'offline.install.iphone':
		'Откройте эту страницу в Safari. Нажмите внизу кнопку «Поделиться» (квадрат со стрелкой вверх), прокрутите вниз и выберите «На экран „Домой“». Подтвердите «Добавить».',
	'submission.key_reused': 'Эту форму нельзя отправить повторно. Откройте форму снова и сохраните.'
};

export const en: Record<keyof typeof et, string> = {
	'offline.saved_on_phone': 'Saved on this phone. It will be sent when there is a connection.',
	'offline.unsent_count': 'Unsent: {count}',
	'offline.send_now': 'Send now',
	'offline.sending': 'Sending…',
	'offline.sent': 'Sent: {count}.',
	'offline.no_connection': 'No connection. I will send again when there is one.',
	'offline.refused_title': 'These were not accepted',
	'offline.refused_intro':
		'The server did not accept these. Fix and save them again, or discard them. Nothing is deleted without you.',
	'offline.item_diary': 'Visit: {name}, {date}',
	'offline.item_trip': 'Trip: {name}, {date}',
	'offline.fix': 'Fix',
	'offline.discard': 'Discard',
	'offline.discard_label': 'Discard: {item}',
	'offline.fix_label': 'Fix: {item}',
	'offline.session_expired': 'Your login has expired. Log in and it will be sent again.',
	'offline.not_found':
		'This can no longer be saved: the pairing may have ended. Discard it or ask your coordinator.',
	'offline.server_error': 'The server had an error. I will try again later.',
	'offline.logout_confirm':
		'This phone has unsent items: {count}. Logging out deletes them. Log out anyway?',
	'offline.saving': 'Saving…',
	'offline.queued_diary':
		'The visit is saved on this phone and will be sent when there is a connection.',
	'offline.queued_trip':
		'The trip is saved on this phone and will be sent when there is a connection.',
	'offline.add_trip_for_visit': 'Add the trip for this visit',
	'offline.fixing':
		'You are fixing an unsent item. When you save, it is sent and leaves the unsent items.',
	'offline.install.title': 'Put Seltsiline on your phone’s home screen',
	'offline.install.intro':
		'Then Seltsiline opens like an app. Your clients, the visit form and the mileage log open even without a connection; what you save is sent later.',
	'offline.install.android_title': 'Android (Chrome)',
	'offline.install.android':
		'Tap the three dots (⋮) at the top right and choose “Add to Home screen” or “Install app”. Confirm with “Add”.',
	'offline.install.iphone_title': 'iPhone (Safari)',
	'offline.install.iphone':
		'Open this page in Safari. Tap the share button at the bottom (a square with an arrow up), scroll down and choose “Add to Home Screen”. Confirm with “Add”.',
	'submission.key_reused': 'This form cannot be sent again. Open the form again and save.'
};
