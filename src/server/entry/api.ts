// The REST routes' wrapper bound to this process's composition root.
import { serverContext } from "../composition";
import { createApiHandler } from "../http/api-handler";

export const apiHandler = createApiHandler(serverContext);
