/*
 * Tiny line-oriented driver for Debian's libsrtp2, used by LibSrtpInteropTests (tests/VibezLive.Protocols.Tests/Srtp).
 *
 *   srtp_harness <profile: 1|2|7|8> <protect|unprotect> <hex master key || master salt>
 *
 * Reads lines "rtp <hex>" or "rtcp <hex>" on stdin and answers one line each: "ok <hex>" or "err <srtp_err_status_t>".
 * Profiles are the DTLS-SRTP ids (RFC 5764 §4.1.2, RFC 7714 §14.2).
 */
#include <srtp2/srtp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unhex(const char *s, unsigned char *out, int max)
{
    int n = 0;
    while (s[0] && s[1] && s[0] != '\n' && n < max) {
        unsigned int b;
        if (sscanf(s, "%2x", &b) != 1) return -1;
        out[n++] = (unsigned char)b;
        s += 2;
    }
    return n;
}

int main(int argc, char **argv)
{
    if (argc != 4) { fprintf(stderr, "usage: %s profile protect|unprotect keyhex\n", argv[0]); return 2; }
    int profile = atoi(argv[1]);
    int protect = strcmp(argv[2], "protect") == 0;
    unsigned char key[64];
    if (unhex(argv[3], key, sizeof key) <= 0) return 2;

    if (srtp_init() != srtp_err_status_ok) return 3;
    srtp_policy_t policy;
    memset(&policy, 0, sizeof policy);
    switch (profile) {
    case 1: srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtp); srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp); break;
    case 2: srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&policy.rtp); srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp); break;
    case 7: srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp); srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp); break;
    case 8: srtp_crypto_policy_set_aes_gcm_256_16_auth(&policy.rtp); srtp_crypto_policy_set_aes_gcm_256_16_auth(&policy.rtcp); break;
    default: return 2;
    }
    policy.ssrc.type = protect ? ssrc_any_outbound : ssrc_any_inbound;
    policy.key = key;
    policy.window_size = 1024;
    policy.allow_repeat_tx = 1;
    srtp_t session;
    if (srtp_create(&session, &policy) != srtp_err_status_ok) return 4;

    static char line[20000];
    static unsigned char buf[8192];
    while (fgets(line, sizeof line, stdin)) {
        int rtcp = strncmp(line, "rtcp ", 5) == 0;
        const char *hex = line + (rtcp ? 5 : 4);
        int len = unhex(hex, buf, 4096);
        if (len < 0) { printf("err -1\n"); fflush(stdout); continue; }
        srtp_err_status_t st;
        if (rtcp) st = protect ? srtp_protect_rtcp(session, buf, &len) : srtp_unprotect_rtcp(session, buf, &len);
        else st = protect ? srtp_protect(session, buf, &len) : srtp_unprotect(session, buf, &len);
        if (st != srtp_err_status_ok) { printf("err %d\n", (int)st); fflush(stdout); continue; }
        printf("ok ");
        for (int i = 0; i < len; i++) printf("%02x", buf[i]);
        printf("\n");
        fflush(stdout);
    }
    srtp_dealloc(session);
    srtp_shutdown();
    return 0;
}
