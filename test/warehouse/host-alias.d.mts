export declare const HOST_ALIASES_ENV: string;
/** Makes `name` resolve to `address` in this process (wraps dns.lookup). */
export declare function addHostAlias(name: string, address: string): void;
export declare function removeHostAlias(name: string): void;
