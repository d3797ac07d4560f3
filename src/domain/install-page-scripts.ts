// The install page's only client code, inline and tiny: no bundle, nothing to hydrate. Kept apart
// from the component so the Content-Security-Policy can allow exactly these by their hashes (a
// cached page cannot carry a per-request nonce for them; see src/server/http/security-headers.ts).

// iPadOS Safari sends a Mac user agent; touch points tell them apart. Reload once as an iPad.
export const IPAD_CHECK = `(function(){try{if(navigator.maxTouchPoints>1&&!/[?&](device|platform)=/.test(location.search)){var u=new URL(location.href);u.searchParams.set("device","ipad");location.replace(u.toString())}}catch(e){}})();`;

// Install taps go out as a beacon carrying the grant the page handed out for that file.
export const TAP_BEACON = `document.addEventListener("click",function(e){var a=e.target&&e.target.closest&&e.target.closest("[data-install-tap]");if(!a||!navigator.sendBeacon)return;var m=document.querySelector("main[data-channel]");var c=m&&m.dataset.channel||null;navigator.sendBeacon("/api/install-tap",new Blob([JSON.stringify({grant:a.dataset.installTap,channel:c})],{type:"application/json"}))});`;

export const INSTALL_PAGE_SCRIPTS = [IPAD_CHECK, TAP_BEACON] as const;
