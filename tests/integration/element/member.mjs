// A care-team member on Element's own crypto stack: matrix-js-sdk with Rust crypto
// (@matrix-org/matrix-sdk-crypto-wasm), in "exclude insecure devices" mode unless told otherwise.
//
// Driven by zorgbot's integration tests over stdin/stdout, one JSON object a line.
//   in:  {"id": 1, "cmd": "<name>", ...arguments}
//   out: {"id": 1, "ok": true, ...result} or {"id": 1, "ok": false, "error": "..."}, and
//        {"event": "<name>", ...} whenever something happens (a message, a verification step).
// Nothing but these lines goes to stdout; the SDK's own logging goes to stderr.
// For reading a failure: MEMBER_LOG_LEVEL=debug (the SDK's log), MEMBER_TRACE_TO_DEVICE=1 (every
// to-device message this client sends, to stderr). member.py writes the events beside the log.
import readline from "node:readline";

import * as sdk from "matrix-js-sdk";
import { logger } from "matrix-js-sdk/lib/logger.js";
import {
    CryptoEvent,
    OnlySignedDevicesIsolationMode,
    AllDevicesIsolationMode,
    VerificationPhase,
    VerificationRequestEvent,
    VerifierEvent,
} from "matrix-js-sdk/lib/crypto-api/index.js";

// matrix-js-sdk asks for Node 22; on Node 20 the one missing piece it uses is Promise.withResolvers.
if (!Promise.withResolvers) {
    Promise.withResolvers = function withResolvers() {
        let resolve, reject;
        const promise = new this((yes, no) => { resolve = yes; reject = no; });
        return { promise, resolve, reject };
    };
}

// The SDK logs through loglevel to the console; keep stdout for the protocol.
for (const level of ["trace", "debug", "info", "log", "warn", "error"]) {
    console[level] = (...args) => process.stderr.write(args.map(String).join(" ") + "\n");
}
logger.setLevel(process.env.MEMBER_LOG_LEVEL || "warn");

let client = null;
if (process.env.MEMBER_TRACE_TO_DEVICE) {
    const original = globalThis.fetch;
    globalThis.fetch = async (url, init) => {
        if (String(url).includes("/sendToDevice/")) process.stderr.write(`TO-DEVICE ${url} ${init?.body}\n`);
        return original(url, init);
    };
}
let password = null;
const requests = new Map();   // transaction id -> VerificationRequest
const sasShown = new Map();   // transaction id -> ShowSasCallbacks
const verified = new Map();   // transaction id -> Promise of verifier.verify()

function emit(object) {
    process.stdout.write(JSON.stringify(object) + "\n");
}

function waitFor(predicate, what, timeoutMs = 30000) {
    return new Promise((resolve, reject) => {
        const started = Date.now();
        const tick = () => {
            let value;
            try {
                value = predicate();
            } catch (error) {
                reject(error);
                return;
            }
            if (value) resolve(value);
            else if (Date.now() - started > timeoutMs) reject(new Error(`timed out waiting for ${what}`));
            else setTimeout(tick, 50);
        };
        tick();
    });
}

async function retryWhileUnknown(attempt, timeoutMs = 10000) {
    const started = Date.now();
    for (;;) {
        try {
            return await attempt();
        } catch (error) {
            if (!String(error).includes("unknown userId") || Date.now() - started > timeoutMs) throw error;
            await new Promise((resolve) => setTimeout(resolve, 200));
        }
    }
}

function describeRequest(request) {
    return {
        transaction_id: request.transactionId,
        room_id: request.roomId ?? null,
        other_user: request.otherUserId,
        other_device: request.otherDeviceId ?? null,
        phase: VerificationPhase[request.phase],
        initiated_by_me: request.initiatedByMe,
        cancellation_code: request.cancellationCode,
    };
}

// Follow one verification request: report its phases, its emoji, and how it ended.
function track(request) {
    const key = request.transactionId;
    if (!key || requests.has(key)) return;
    requests.set(key, request);
    const onVerifier = (verifier) => {
        if (verified.has(key)) return;
        verifier.on(VerifierEvent.ShowSas, (sas) => {
            sasShown.set(key, sas);
            emit({ event: "sas", transaction_id: key, emoji: (sas.sas.emoji || []).map(([symbol, name]) => [symbol, name]) });
        });
        verifier.on(VerifierEvent.Cancel, (reason) => {
            emit({ event: "verifier_cancelled", transaction_id: key, reason: String(reason?.message ?? reason) });
        });
        verified.set(key, verifier.verify().then(
            () => emit({ event: "verified", transaction_id: key }),
            (error) => emit({ event: "verify_failed", transaction_id: key, error: String(error?.message ?? error) }),
        ));
    };
    request.on(VerificationRequestEvent.Change, () => {
        emit({ event: "request_phase", ...describeRequest(request) });
        if (request.verifier) onVerifier(request.verifier);
    });
    if (request.verifier) onVerifier(request.verifier);
}

function onTimeline(event, room, toStartOfTimeline) {
    if (toStartOfTimeline || !room) return;
    report(event, room.roomId);
}

function report(event, roomId) {
    if (event.getSender() === client.getUserId()) return;
    if (event.isBeingDecrypted() || event.shouldAttemptDecryption()) return;   // reported once decrypted
    const wire = event.getWireType();
    if (event.isDecryptionFailure()) {
        emit({ event: "undecryptable", room_id: roomId, sender: event.getSender(), event_id: event.getId(),
               reason: event.decryptionFailureReason ?? null, text: event.getContent()?.body ?? null });
        return;
    }
    const type = event.getType();
    if (type === "m.room.message" || type === "m.poll.start" || type === "org.matrix.msc3381.poll.start") {
        const content = event.getContent();
        emit({ event: "message", room_id: roomId, sender: event.getSender(), event_id: event.getId(), type,
               body: content.body ?? content["org.matrix.msc1767.text"] ?? "", content,
               encrypted: wire === "m.room.encrypted" });
    }
}

async function shieldOf(event) {
    const info = await client.getCrypto().getEncryptionInfoForEvent(event);
    return info ? { colour: info.shieldColour, reason: info.shieldReason } : null;
}

const commands = {
    async login({ base_url, user_id, password: secret, device_id, cross_sign = true, isolation = "signed" }) {
        const bootstrap = sdk.createClient({ baseUrl: base_url });
        const login = await bootstrap.loginRequest({
            type: "m.login.password", identifier: { type: "m.id.user", user: user_id }, password: secret,
            device_id, initial_device_display_name: "Element (js-sdk test member)",
        });
        password = secret;
        client = sdk.createClient({ baseUrl: base_url, userId: login.user_id, deviceId: login.device_id,
                                    accessToken: login.access_token, timelineSupport: true });
        await client.initRustCrypto({ useIndexedDB: false });
        const crypto = client.getCrypto();
        crypto.setDeviceIsolationMode(isolation === "signed" ? new OnlySignedDevicesIsolationMode()
                                                             : new AllDevicesIsolationMode(false));
        if (cross_sign) {
            await crypto.bootstrapCrossSigning({
                setupNewCrossSigning: true,
                authUploadDeviceSigningKeys: async (makeRequest) => {
                    await makeRequest({ type: "m.login.password", identifier: { type: "m.id.user", user: user_id },
                                        password });
                },
            });
        }
        client.on(sdk.RoomEvent.Timeline, onTimeline);
        client.on(sdk.MatrixEventEvent.Decrypted, (event) => report(event, event.getRoomId()));
        client.on(sdk.RoomMemberEvent.Membership, (event, member) => {
            if (member.userId === client.getUserId() && member.membership === "invite") {
                client.joinRoom(member.roomId).catch((error) => emit({ event: "join_failed", error: String(error) }));
            }
        });
        client.on(sdk.ClientEvent.ToDeviceEvent, (event) => {
            emit({ event: "to_device", type: event.getType(), sender: event.getSender(), content: event.getContent() });
        });
        client.on(CryptoEvent.VerificationRequestReceived, (request) => {
            track(request);
            emit({ event: "verification_request", ...describeRequest(request) });
        });
        await client.startClient({ initialSyncLimit: 20 });
        await waitFor(() => ["PREPARED", "SYNCING"].includes(client.getSyncState()), "the first sync");
        return { user_id: login.user_id, device_id: login.device_id,
                 master_key: cross_sign ? await crypto.getCrossSigningKeyId() : null,
                 cross_signing_ready: await crypto.isCrossSigningReady() };
    },

    async create_room({ invite = [], direct = false, encrypted = true }) {
        const options = { invite, is_direct: direct, preset: "trusted_private_chat" };
        if (encrypted) {
            options.initial_state = [{ type: "m.room.encryption", state_key: "",
                                       content: { algorithm: "m.megolm.v1.aes-sha2" } }];
        }
        const { room_id } = await client.createRoom(options);
        await waitFor(() => client.getRoom(room_id), "the new room");
        return { room_id };
    },

    async join({ room_id }) {
        await client.joinRoom(room_id);
        await waitFor(() => client.getRoom(room_id)?.getMyMembership() === "join", "the join");
        return {};
    },

    async wait_member({ room_id, user_id }) {
        await waitFor(() => client.getRoom(room_id)?.getMember(user_id)?.membership === "join", `${user_id} to join`);
        return {};
    },

    async send({ room_id, body, thread = null }) {
        const content = { msgtype: "m.text", body };
        const { event_id } = thread ? await client.sendMessage(room_id, thread, content)
                                    : await client.sendMessage(room_id, content);
        return { event_id };
    },

    // "Verify session" (to-device, one device) or, with room_id, "Verify user" (in a direct chat).
    async request_verification({ user_id, device_id = null, room_id = null }) {
        const crypto = client.getCrypto();
        await crypto.getUserDeviceInfo([user_id], true);
        let request;
        if (room_id) {
            // As Element after creating the direct chat: once the invite is known the bot is tracked.
            await waitFor(() => ["invite", "join"].includes(client.getRoom(room_id)?.getMember(user_id)?.membership),
                          `${user_id} invited`);
            request = await retryWhileUnknown(() => crypto.requestVerificationDM(user_id, room_id));
        } else {
            request = await crypto.requestDeviceVerification(user_id, device_id);
        }
        track(request);
        return describeRequest(request);
    },

    async wait_phase({ transaction_id, phase, timeout_ms = 30000 }) {
        const request = await waitFor(() => requests.get(transaction_id), "the request", timeout_ms);
        await waitFor(() => request.phase === VerificationPhase[phase] || request.phase === VerificationPhase.Cancelled,
                      `phase ${phase}`, timeout_ms);
        return describeRequest(request);
    },

    async accept({ transaction_id }) {
        const request = requests.get(transaction_id);
        await request.accept();
        return describeRequest(request);
    },

    async start_sas({ transaction_id }) {
        const request = requests.get(transaction_id);
        await request.startVerification("m.sas.v1");
        return describeRequest(request);
    },

    async confirm({ transaction_id }) {
        const sas = await waitFor(() => sasShown.get(transaction_id), "the emoji");
        await sas.confirm();
        return {};
    },

    async cancel({ transaction_id }) {
        await requests.get(transaction_id).cancel();
        return {};
    },

    async mismatch({ transaction_id }) {
        const sas = await waitFor(() => sasShown.get(transaction_id), "the emoji");
        sas.mismatch();
        return {};
    },

    async wait_verified({ transaction_id, timeout_ms = 30000 }) {
        const done = await waitFor(() => verified.get(transaction_id), "the verifier", timeout_ms);
        await Promise.race([done, new Promise((_, reject) => setTimeout(() => reject(new Error("verify() hangs")),
                                                                          timeout_ms))]);
        return describeRequest(requests.get(transaction_id));
    },

    async trust({ user_id, device_id }) {
        const crypto = client.getCrypto();
        await crypto.getUserDeviceInfo([user_id], true);
        const user = await crypto.getUserVerificationStatus(user_id);
        const device = await crypto.getDeviceVerificationStatus(user_id, device_id);
        return {
            user_cross_signing_verified: user.isCrossSigningVerified(),
            user_verified: user.isVerified(),
            device_cross_signing_verified: device ? device.crossSigningVerified : null,
            device_signed_by_owner: device ? device.signedByOwner : null,
            device_verified: device ? device.isVerified() : null,
        };
    },

    async shield({ room_id, event_id }) {
        const event = await waitFor(() => client.getRoom(room_id)?.findEventById(event_id), "the event");
        return { shield: await shieldOf(event) };
    },

    // Element's "reset identity" (e.g. after losing the recovery key): a new master key.
    async reset_identity() {
        const crypto = client.getCrypto();
        await crypto.bootstrapCrossSigning({
            setupNewCrossSigning: true,
            authUploadDeviceSigningKeys: async (makeRequest) => {
                await makeRequest({ type: "m.login.password", identifier: { type: "m.id.user", user: client.getUserId() },
                                    password });
            },
        });
        return { master_key: await crypto.getCrossSigningKeyId() };
    },

    async own_master_key() {
        return { master_key: await client.getCrypto().getCrossSigningKeyId() };
    },

    async stop() {
        client?.stopClient();
        setTimeout(() => process.exit(0), 50);
        return {};
    },
};

const input = readline.createInterface({ input: process.stdin });
input.on("line", async (line) => {
    if (!line.trim()) return;
    let message;
    try {
        message = JSON.parse(line);
    } catch (error) {
        emit({ ok: false, error: `not JSON: ${error}` });
        return;
    }
    const { id, cmd, ...args } = message;
    const handler = commands[cmd];
    if (!handler) {
        emit({ id, ok: false, error: `unknown command ${cmd}` });
        return;
    }
    try {
        emit({ id, ok: true, ...(await handler(args)) });
    } catch (error) {
        emit({ id, ok: false, error: String(error?.stack ?? error) });
    }
});
input.on("close", () => {
    client?.stopClient();
    process.exit(0);
});
emit({ event: "started", node: process.version });
