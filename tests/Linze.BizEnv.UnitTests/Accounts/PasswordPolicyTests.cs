using Linze.BizEnv.Web.Accounts;
using Linze.BizEnv.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Linze.BizEnv.Web.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Linze.BizEnv.UnitTests.Accounts;

public class PasswordPolicyTests
{
    [Theory]
    [InlineData("Linze-2026ok")] // upper, lower, digit, symbol
    [InlineData("linze-2026ok")] // lower, digit, symbol
    [InlineData("LINZE2026yes")] // upper, lower, digit
    [InlineData("Zheshi-Mima!")] // upper, lower, symbol
    public void PasswordsWithThreeOfFourClassesAreAccepted(string password) =>
        Assert.True(PasswordPolicy.Check(password, "user").Succeeded);

    [Theory]
    [InlineData("linzeyingshang", "PasswordComposition")] // one class
    [InlineData("linze20262026", "PasswordComposition")] // two classes
    [InlineData("P@ssw0rd", "PasswordTooCommon")]
    [InlineData("aa123456!", "PasswordTooCommon")] // case does not matter
    [InlineData("Zhangsan-2026", "PasswordContainsUserName")]
    public void WeakPasswordsAreRefusedWithTheirReason(string password, string code)
    {
        var result = PasswordPolicy.Check(password, "zhangsan");
        Assert.Contains(result.Errors, e => e.Code == code);
        Assert.All(result.Errors, e => Assert.Matches("[\\u4e00-\\u9fff]", e.Description));
    }

    [Fact]
    public void SixtyFourCharactersAreAllowedAndMoreThan128AreNot()
    {
        Assert.True(PasswordPolicy.Check("Aa1-" + new string('x', 60), "user").Succeeded);
        Assert.Contains(PasswordPolicy.Check("Aa1-" + new string('x', 125), "user").Errors, e => e.Code == "PasswordTooLong");
    }

    [Fact]
    public void ThePortalHashesPasswordsWithPbkdf2AtAtLeast210000Iterations()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = Path.GetTempPath() });
        builder.Configuration["ConnectionStrings:BizEnv"] = "Data Source=:memory:";
        builder.AddAuditing().AddPersistence().AddAccounts();
        using var services = builder.Services.BuildServiceProvider();
        var hasher = services.GetRequiredService<IPasswordHasher<AppUser>>();

        var bytes = Convert.FromBase64String(hasher.HashPassword(new AppUser(), "Linze-2026ok"));

        // Identity v3 format: 0x01, PRF (4 bytes), iteration count (4 bytes, big-endian), salt length, salt, subkey.
        Assert.Equal(0x01, bytes[0]);
        var iterations = (bytes[5] << 24) | (bytes[6] << 16) | (bytes[7] << 8) | bytes[8];
        Assert.True(iterations >= 210_000, $"{iterations} iterations");
    }

    [Fact]
    public void GeneratedOneTimePasswordsPassThePolicyAndDoNotRepeat()
    {
        var passwords = Enumerable.Range(0, 200).Select(_ => PasswordGenerator.Create()).ToList();
        Assert.All(passwords, p => Assert.True(PasswordPolicy.Check(p, "someone").Succeeded, p));
        Assert.All(passwords, p => Assert.DoesNotContain(p, c => "0O1lI".Contains(c)));
        Assert.Equal(passwords.Count, passwords.Distinct().Count());
    }
}
