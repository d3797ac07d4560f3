// Set by the Node server from the socket for every request, overwriting whatever a client sent.
// Behind a reverse proxy this is the proxy's address: rate limits then key on the device id too.
export const CLIENT_ADDRESS_HEADER = "x-shipyard-client-address";
