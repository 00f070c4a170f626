// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Chain A's record index and authorizations for MedExChain-style PHR sharing (reconstruction, see
/// /work/shared/spec/medexchain.md steps 4-5 and 7-8): a patient binds their chain-A account to a patient id, names
/// the devices that may upload for them, devices index each encrypted record (CID of the body in content-addressed
/// storage, hash h of the body, key capsule C*), and the patient records which requester may read which record.
contract RecordIndex {
    struct Record {
        bytes32 patient;
        bytes32 bodyHash;
        bytes cid;
        bytes capsule;
        address uploader;
    }

    mapping(bytes32 => address) public patientOwner;
    mapping(bytes32 => mapping(address => bool)) public isDevice;
    Record[] private records;
    /// recordId => requester id => hash of the re-encryption key the patient issued (zero: not authorized).
    mapping(uint256 => mapping(bytes32 => bytes32)) public authorization;

    event PatientRegistered(bytes32 indexed patient, address owner);
    event DeviceAdded(bytes32 indexed patient, address device);
    event RecordAdded(uint256 indexed id, bytes32 indexed patient, bytes32 bodyHash, bytes cid);
    event Authorized(uint256 indexed id, bytes32 indexed requester, bytes32 reKeyHash);

    function registerPatient(bytes32 patient) external {
        require(patientOwner[patient] == address(0), "patient taken");
        patientOwner[patient] = msg.sender;
        emit PatientRegistered(patient, msg.sender);
    }

    function addDevice(bytes32 patient, address device) external {
        require(patientOwner[patient] == msg.sender, "not the patient");
        isDevice[patient][device] = true;
        emit DeviceAdded(patient, device);
    }

    function addRecord(bytes32 patient, bytes calldata cid, bytes32 bodyHash, bytes calldata capsule)
        external
        returns (uint256 id)
    {
        require(isDevice[patient][msg.sender] || patientOwner[patient] == msg.sender, "not a device of the patient");
        require(cid.length > 0 && capsule.length > 0, "empty field");
        id = records.length;
        records.push(Record(patient, bodyHash, cid, capsule, msg.sender));
        emit RecordAdded(id, patient, bodyHash, cid);
    }

    function authorize(uint256 id, bytes32 requester, bytes32 reKeyHash) external {
        require(id < records.length, "no such record");
        require(patientOwner[records[id].patient] == msg.sender, "not the patient");
        require(reKeyHash != bytes32(0), "empty key hash");
        authorization[id][requester] = reKeyHash;
        emit Authorized(id, requester, reKeyHash);
    }

    function recordCount() external view returns (uint256) {
        return records.length;
    }

    function getRecord(uint256 id)
        external
        view
        returns (bytes32 patient, bytes32 bodyHash, bytes memory cid, bytes memory capsule, address uploader)
    {
        require(id < records.length, "no such record");
        Record storage r = records[id];
        return (r.patient, r.bodyHash, r.cid, r.capsule, r.uploader);
    }
}
