// The basic connection check every system gets before (and besides) its client's own deep check: is the URL
// reachable at all, and is TLS acceptable. Answers in words an IT admin can act on.
import axios, { type AxiosError } from 'axios';
import type { Settings } from '../../shared/settings.ts';
import { NetworkConfigError, axiosNetworkOptions, type AxiosNetworkOptions } from '../lib/network.ts';

export interface Reachability {
  readonly ok: boolean;
  readonly message: string;
}

/** `network`: the plant's proxy and company CA (settings `network`); omitted, the probe goes direct. */
export async function probeUrl(
  url: string,
  timeoutMs = 8000,
  network?: Settings['network'],
): Promise<Reachability> {
  let networkOptions: AxiosNetworkOptions;
  try {
    networkOptions = axiosNetworkOptions(network);
  } catch (error) {
    if (error instanceof NetworkConfigError) return { ok: false, message: error.message };
    throw error;
  }
  try {
    const response = await axios.request({
      ...networkOptions,
      url,
      method: 'GET',
      timeout: timeoutMs,
      maxRedirects: 0,
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: (data: unknown) => data,
    });
    return { ok: true, message: `${url} answered (HTTP ${response.status}).` };
  } catch (error) {
    return { ok: false, message: describeNetworkError(url, error as AxiosError) };
  }
}

export function describeNetworkError(url: string, error: AxiosError): string {
  const code = error.code ?? '';
  const host = safeHost(url);
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The name ${host} could not be resolved: check the address, or the plant's DNS and proxy settings.`;
    case 'ECONNREFUSED':
      return `${host} refused the connection: the service is not listening on that address and port.`;
    case 'ECONNABORTED':
    case 'ETIMEDOUT':
      return `${host} did not answer in time: a firewall or proxy may be blocking it.`;
    case 'ECONNRESET':
      return `${host} dropped the connection.`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return `${host} presented a certificate this computer does not trust: add the company's CA certificate in Settings.`;
    case 'CERT_HAS_EXPIRED':
      return `${host} presented an expired certificate.`;
    default:
      return `${host} could not be reached (${code || error.message}).`;
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
