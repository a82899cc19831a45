using System.Globalization;
using System.Text.Json;
using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Domain.Rectification;

namespace Linze.BizEnv.Web.Features.Audit;

/// <summary>What a field of an audited record refers to, so its value can be written in words.</summary>
public enum AuditValueKind
{
    Text,
    Unit,
    Leader,
    Indicator,
    Problem,
    List,
    User,
    Role,
    ProgressEntry,
    Percent,
    Time,
    Bytes,
}

/// <summary>One field of the audited records: its Chinese name, what its value refers to, and whether a reader wants it.</summary>
public sealed record AuditField(string Label, AuditValueKind Kind = AuditValueKind.Text, bool Hidden = false);

/// <summary>
/// The Chinese words for the audit trail: record kinds, field names and enum values. The trail itself stores the
/// English names the interceptor saw (<see cref="AuditEntry"/>); this is how the page reads them.
/// </summary>
public static class AuditVocabulary
{
    /// <summary>Record kinds by the type name the interceptor writes, in the order the filter offers them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Entities = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Problem"] = "问题",
        ["ProgressEntry"] = "整改进展",
        ["Evidence"] = "佐证材料",
        ["StatusChange"] = "状态变更",
        ["ExtensionRequest"] = "延期申请",
        ["Instruction"] = "领导批示",
        ["Urge"] = "催办",
        ["Indicator"] = "指标",
        ["IndicatorUnit"] = "指标责任单位",
        ["ResponsibilityList"] = "清单",
        ["Unit"] = "责任单位",
        ["UnitAlias"] = "单位曾用名",
        ["Leader"] = "责任领导",
        ["AppUser"] = "账号",
        ["IdentityUserRole"] = "账号角色",
        ["IdentityRole"] = "角色",
        ["IdentityUserClaim"] = "账号声明",
        ["IdentityUserLogin"] = "外部登录",
        ["IdentityUserToken"] = "账号令牌",
        ["IdentityRoleClaim"] = "角色声明",
        ["DemoData"] = "演示数据",
        ["BenchmarkMetric"] = "对标指标项",
        ["MetricReading"] = "本县现值",
        ["SupervisionNotice"] = "督办通知单",
        ["SupervisionNoticeProblem"] = "督办通知单所列问题",
        ["StoredTemplate"] = "公文模板",
    };

    /// <summary>Fields by property name; a name means the same on every record that has it (the glossary's rule).</summary>
    private static readonly Dictionary<string, AuditField> Fields = new(StringComparer.Ordinal)
    {
        ["Id"] = new("编号", Hidden: true),
        ["ListId"] = new("清单", AuditValueKind.List),
        ["IndicatorId"] = new("指标", AuditValueKind.Indicator),
        ["ProblemId"] = new("问题", AuditValueKind.Problem),
        ["UnitId"] = new("单位", AuditValueKind.Unit),
        ["ResponsibleUnitId"] = new("责任单位", AuditValueKind.Unit),
        ["LeaderId"] = new("责任领导", AuditValueKind.Leader),
        ["ProgressEntryId"] = new("整改进展", AuditValueKind.ProgressEntry),
        ["AnsweredByEntryId"] = new("回复的进展", AuditValueKind.ProgressEntry),
        ["UserId"] = new("账号", AuditValueKind.User),
        ["RoleId"] = new("角色", AuditValueKind.Role),
        ["AuthorId"] = new("填报账号", AuditValueKind.User, Hidden: true),
        ["Title"] = new("标题"),
        ["IssuingOffice"] = new("印发单位"),
        ["IssueDate"] = new("印发日期"),
        ["Year"] = new("年度"),
        ["IsArchived"] = new("已归档"),
        ["Number"] = new("序号"),
        ["Name"] = new("名称"),
        ["ProvinceBest"] = new("全省最佳表现"),
        ["Ordinal"] = new("问题序号"),
        ["Text"] = new("内容"),
        ["Measures"] = new("整改措施"),
        ["DueDate"] = new("整改时限"),
        ["IsLongTerm"] = new("长期坚持"),
        ["StartDate"] = new("开始日期"),
        ["PercentComplete"] = new("完成进度", AuditValueKind.Percent),
        ["Status"] = new("状态"),
        ["ReturnReason"] = new("退回理由"),
        ["LastProgressAtUtc"] = new("最近报送时间", AuditValueKind.Time, Hidden: true),
        ["ClosedAtUtc"] = new("销号时间", AuditValueKind.Time),
        ["EntriesFrozenUntilUtc"] = new("进展冻结至", AuditValueKind.Time),
        ["Version"] = new("版本", Hidden: true),
        ["Role"] = new("角色"),
        ["SortOrder"] = new("排列顺序"),
        ["AuthorName"] = new("填报人"),
        ["Date"] = new("进展日期"),
        ["CreatedAtUtc"] = new("创建时间", AuditValueKind.Time, Hidden: true),
        ["UpdatedAtUtc"] = new("修改时间", AuditValueKind.Time, Hidden: true),
        ["SubmissionKey"] = new("提交标识", Hidden: true),
        ["IsSupporting"] = new("协办"),
        ["FileName"] = new("文件名"),
        ["Prefix"] = new("发文机关代字"),
        ["DocumentNumber"] = new("发文字号"),
        ["ReplyBy"] = new("回复期限"),
        ["IssuedAtUtc"] = new("印发时间", AuditValueKind.Time),
        ["IssuedByName"] = new("印发人"),
        ["NoticeId"] = new("督办通知单", Hidden: true),
        ["OverdueDays"] = new("逾期天数"),
        ["Level"] = new("督办等级"),
        ["Kind"] = new("模板"),
        ["Content"] = new("文件内容", Hidden: true),
        ["UploadedByName"] = new("上传人"),
        ["UploadedAtUtc"] = new("上传时间", AuditValueKind.Time),
        ["ContentType"] = new("文件类型"),
        ["Size"] = new("文件大小", AuditValueKind.Bytes),
        ["Sha256"] = new("文件校验值", Hidden: true),
        ["From"] = new("原状态"),
        ["To"] = new("新状态"),
        ["Reason"] = new("理由"),
        ["ByName"] = new("操作人"),
        ["AtUtc"] = new("时间", AuditValueKind.Time),
        ["Day"] = new("日期", Hidden: true),
        ["MetricId"] = new("对标指标项"),
        ["BestValue"] = new("全省最佳值"),
        ["IsYesNo"] = new("是/否类"),
        ["Unit"] = new("计量单位"),
        ["Direction"] = new("方向"),
        ["Words"] = new("原文"),
        ["Note"] = new("说明"),
        ["Period"] = new("期间"),
        ["Value"] = new("本县值"),
        ["Source"] = new("来源"),
        ["EvidenceSha256"] = new("佐证材料校验值", Hidden: true),
        ["EvidenceName"] = new("佐证材料"),
        ["RecordedById"] = new("填报账号", AuditValueKind.User, Hidden: true),
        ["RecordedByName"] = new("填报人"),
        ["RecordedAtUtc"] = new("填报时间", AuditValueKind.Time),
        ["OldDueDate"] = new("原整改时限"),
        ["NewDueDate"] = new("申请延期至"),
        ["RequestedByName"] = new("申请人"),
        ["RequestedAtUtc"] = new("申请时间", AuditValueKind.Time),
        ["DecisionReason"] = new("审核意见"),
        ["DecidedByName"] = new("审核人"),
        ["DecidedAtUtc"] = new("审核时间", AuditValueKind.Time),
        ["AnsweredAtUtc"] = new("回复时间", AuditValueKind.Time),
        ["DisplayName"] = new("姓名"),
        ["UserName"] = new("用户名"),
        ["NormalizedUserName"] = new("用户名（检索用）", Hidden: true),
        ["Email"] = new("电子邮箱"),
        ["NormalizedEmail"] = new("电子邮箱（检索用）", Hidden: true),
        ["EmailConfirmed"] = new("邮箱已验证", Hidden: true),
        ["PhoneNumber"] = new("电话"),
        ["MutedNotificationKinds"] = new("不接收的提醒", Hidden: true),
        ["DingTalkWebhook"] = new("钉钉机器人地址"),
        ["DingTalkSecret"] = new("钉钉机器人加签密钥", Hidden: true),
        ["WeComWebhook"] = new("企业微信机器人地址"),
        ["PhoneNumberConfirmed"] = new("电话已验证", Hidden: true),
        ["TwoFactorEnabled"] = new("双因素认证", Hidden: true),
        ["LockoutEnabled"] = new("允许锁定", Hidden: true),
        ["LockoutEnd"] = new("锁定至", AuditValueKind.Time),
        ["AccessFailedCount"] = new("连续输错密码次数"),
        ["MustChangePassword"] = new("须修改密码"),
        ["IsDisabled"] = new("已停用"),
        ["LastLoginAtUtc"] = new("最近登录", AuditValueKind.Time),
        ["NormalizedName"] = new("名称（检索用）", Hidden: true),
        ["PasswordHash"] = new("密码", Hidden: true),
        ["SecurityStamp"] = new("安全戳", Hidden: true),
        ["ConcurrencyStamp"] = new("并发戳", Hidden: true),
        ["LoginProvider"] = new("登录方式"),
        ["ProviderKey"] = new("外部账号标识", Hidden: true),
        ["ProviderDisplayName"] = new("登录方式名称"),
        ["Value"] = new("令牌", Hidden: true),
        ["ClaimType"] = new("声明类型"),
        ["ClaimValue"] = new("声明值"),
        ["Lists"] = new("清单数"),
        ["Problems"] = new("问题数"),
        ["ProgressEntries"] = new("进展数"),
        ["Users"] = new("账号数"),
    };

    /// <summary>Enum values as the interceptor writes them (their names), in Chinese; the names do not collide across enums.</summary>
    private static readonly Dictionary<string, string> EnumValues = Enum.GetValues<ProblemStatus>().Select(s => (Name: s.ToString(), Text: s.ToChinese()))
        .Concat(Enum.GetValues<UnitRole>().Select(r => (Name: r.ToString(), Text: r.ToChinese())))
        .Concat([(Name: nameof(ExtensionStatus.Pending), Text: "待审核"), (Name: nameof(ExtensionStatus.Approved), Text: "已批准"), (Name: nameof(ExtensionStatus.Rejected), Text: "未批准")])
        .Concat(Enum.GetValues<UrgeLevel>().Select(l => (Name: l.ToString(), Text: l.ToChinese())))
        .Concat(Enum.GetValues<Documents.TemplateKind>().Select(k => (Name: k.ToString(), Text: Documents.DocumentTemplates.ToChinese(k))))
        .ToDictionary(v => v.Name, v => v.Text, StringComparer.Ordinal);

    /// <summary>Longer texts are cut on the page; the whole value is in the raw detail.</summary>
    public const int ShownTextLength = 120;

    /// <summary>
    /// The kinds the filter offers: what an office user works with. Identity's own tables (roles, claims, logins,
    /// tokens) stay readable in the log and by a typed-in filter, but are not offered.
    /// </summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Offered =
        [.. Entities.Where(e => !e.Key.StartsWith("Identity", StringComparison.Ordinal))];

    public static string Entity(string? type) => type is null ? "" : Entities.GetValueOrDefault(type, type);

    public static AuditField Field(string name) => Fields.GetValueOrDefault(name) ?? new AuditField(name);

    public static bool IsKnown(string field) => Fields.ContainsKey(field);

    /// <summary>A value in words; <paramref name="name"/> turns an id into what it names (null when unknown).</summary>
    public static string Value(AuditField field, JsonElement? value, Func<AuditValueKind, string, string?> name)
    {
        if (value is not { } v || v.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return "（空）";
        }

        var raw = v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText();
        return v.ValueKind switch
        {
            JsonValueKind.True => "是",
            JsonValueKind.False => "否",
            _ => field.Kind switch
            {
                AuditValueKind.Text => EnumValues.GetValueOrDefault(raw) ?? PlainText.Shorten(raw, ShownTextLength),
                AuditValueKind.Percent => raw + "%",
                AuditValueKind.Time => DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc)
                    ? ChinaTime.Format(utc) : raw,
                AuditValueKind.Bytes => long.TryParse(raw, CultureInfo.InvariantCulture, out var bytes) ? $"{(bytes + 1023) / 1024} KB" : raw,
                _ => name(field.Kind, raw) ?? (long.TryParse(raw, CultureInfo.InvariantCulture, out _) ? $"（编号 {raw}）" : "（已删除）"),
            },
        };
    }
}
