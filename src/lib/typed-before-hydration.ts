/**
 * What a person typed before the page's scripts ran is kept (issue 19: on slow 3G the page is
 * usable long before its JavaScript arrives). Hydration writes each field's value from the
 * component (`value={…}`), which would put back the server's empty or old value over the typed
 * text. `keep` runs before hydration (hooks.client.ts `init`), `restore` right after it (the root
 * layout's mount); the restored fields fire `input`/`change` so that bound state follows.
 */
type Kept = { value: string } | { checked: boolean } | { selected: string[] };

const kept = new Map<Element, Kept>();

function isToggle(el: Element): el is HTMLInputElement {
	return el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio');
}

export function keepTypedBeforeHydration(root: ParentNode = document): void {
	for (const el of root.querySelectorAll('input, textarea, select')) {
		if (isToggle(el)) {
			if (el.checked !== el.defaultChecked) kept.set(el, { checked: el.checked });
		} else if (el instanceof HTMLSelectElement) {
			const options = [...el.options];
			if (options.some((o) => o.selected !== o.defaultSelected)) {
				kept.set(el, { selected: options.filter((o) => o.selected).map((o) => o.value) });
			}
		} else if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
			if (el.type !== 'file' && el.value !== el.defaultValue) kept.set(el, { value: el.value });
		}
	}
}

export function restoreTypedAfterHydration(): void {
	for (const [el, was] of kept) {
		if (!el.isConnected) continue;
		if ('checked' in was && isToggle(el) && el.checked !== was.checked) {
			el.checked = was.checked;
			el.dispatchEvent(new Event('change', { bubbles: true }));
		} else if ('selected' in was && el instanceof HTMLSelectElement) {
			for (const o of el.options) o.selected = was.selected.includes(o.value);
			el.dispatchEvent(new Event('change', { bubbles: true }));
		} else if (
			'value' in was &&
			(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) &&
			el.value !== was.value
		) {
			el.value = was.value;
			el.dispatchEvent(new Event('input', { bubbles: true }));
		}
	}
	kept.clear();
}
