// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Chain A's append-only audit log (reconstruction, /work/shared/spec/medexchain.md step 14). Each entry commits to
/// the keccak256 of an audit record's bytes and extends a hash chain: the writer names the head it extends, so an
/// entry written against a stale or forged head is refused, and head_i = keccak256(head_{i-1} || recordHash_i) lets
/// anyone recompute the chain from the emitted records.
contract AuditLog {
    address public immutable writer;
    bytes32 public head;
    bytes32[] private recordHashes;

    event Audited(uint256 indexed index, bytes32 prev, bytes32 head, bytes record);

    constructor(address writer_) {
        writer = writer_;
    }

    function append(bytes32 prev, bytes calldata record) external returns (uint256 index) {
        require(msg.sender == writer, "not the audit writer");
        require(prev == head, "does not extend the head");
        require(record.length > 0, "empty record");
        bytes32 h = keccak256(record);
        bytes32 next = keccak256(abi.encodePacked(prev, h));
        index = recordHashes.length;
        recordHashes.push(h);
        head = next;
        emit Audited(index, prev, next, record);
    }

    function count() external view returns (uint256) {
        return recordHashes.length;
    }

    function recordHash(uint256 index) external view returns (bytes32) {
        require(index < recordHashes.length, "no such entry");
        return recordHashes[index];
    }
}
